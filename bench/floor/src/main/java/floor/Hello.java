package floor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;

import java.io.IOException;

/**
 * The floor app's one route. Without FLOOR_MCP: one fixed answer, nothing built per request beyond what Micronaut
 * does. With FLOOR_MCP=jackson or serde: the MCP Java SDK answers (see SdkHello) through that mapper, built with
 * this controller at start. (Chosen here rather than with @Requires, which Micronaut AOT would decide at build
 * time.)
 */
@Controller("/mcp")
public class Hello {

    private final SdkHello sdk;

    public Hello(JsonMapper micronautJson) {
        String mode = System.getenv("FLOOR_MCP");
        sdk = "jackson".equals(mode) ? new SdkHello(new JacksonMcpJsonMapper(new ObjectMapper()))
                : "serde".equals(mode) ? new SdkHello(new SerdeMapper(micronautJson))
                : null;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public String post(@Body String body) throws IOException {
        return sdk == null ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}" : sdk.answer(body);
    }
}
