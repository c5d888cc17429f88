package floor;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.io.IOException;

/**
 * The floor app's one route. Without FLOOR_MCP=true: one fixed answer, nothing built per request beyond what
 * Micronaut does. With it: the MCP Java SDK answers (see SdkHello), built with this controller at start. (Chosen
 * here rather than with @Requires, which Micronaut AOT would decide at build time.)
 */
@Controller("/mcp")
public class Hello {

    private final SdkHello sdk = "true".equals(System.getenv("FLOOR_MCP")) ? new SdkHello() : null;

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public String post(@Body String body) throws IOException {
        return sdk == null ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}" : sdk.answer(body);
    }
}
