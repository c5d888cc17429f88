package io.qcmcp.app.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qcmcp.app.support.WithFakeQuantConnect;
import io.qcmcp.app.support.InProcessServer;
import io.qcmcp.app.support.Spec;
import io.qcmcp.client.Operation;
import io.qcmcp.client.OperationGroup;
import io.qcmcp.client.schema.ObjectSchema;
import io.qcmcp.client.schema.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tool generated from the spec, called once with arguments for each of its properties: the fake
 * QuantConnect answers only a correctly signed request whose body is exactly those arguments plus what the
 * server fills in (codeSourceId), as JSON or as a multipart form.
 */
class EveryToolCalledTest {

    @RegisterExtension
    static final WithFakeQuantConnect<InProcessServer> SETUP = WithFakeQuantConnect.inProcess();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("Each generated tool reaches its endpoint with a valid signature and the exact body, and succeeds")
    void everyTool() throws Exception {
        List<Operation> operations = new ArrayList<>(
                OperationGroup.all(SETUP.server().context().getBeansOfType(OperationGroup.class)));
        operations.sort(Comparator.comparing(Operation::name));
        List<String> problems = new ArrayList<>();
        for (Operation operation : operations) {
            Map<String, Object> arguments = sample(operation.input());
            Map<String, Object> sent = new LinkedHashMap<>(arguments);
            operation.serverFills().forEach(property -> sent.put(property, "quant-connect-mcp"));
            String answer = "{\"success\":true,\"errors\":[],\"tool\":\"" + operation.name() + "\"}";
            if (operation.multipart()) {
                Map<String, String> parts = new LinkedHashMap<>();
                sent.forEach((name, value) -> parts.put(name, String.valueOf(value)));
                SETUP.quantConnect().answerMultipart(operation.path(), parts, answer);
            } else {
                SETUP.quantConnect().answer(operation.path(), JSON.writeValueAsString(sent), answer);
            }
            JsonNode result = SETUP.server().call(operation.name(), arguments);
            if (result.path("isError").asBoolean(true)
                    || !operation.name().equals(result.at("/structuredContent/tool").asText())) {
                problems.add(operation.name() + ": " + result);
            }
        }
        assertEquals(List.of(), problems);
        // Red when an operation of the spec has no generated tool bean (or a bean has no operation in the spec).
        assertEquals(Spec.toolNames(), operations.stream().map(Operation::name).collect(Collectors.toCollection(TreeSet::new)));
        System.out.println("Called " + operations.size() + " generated tools against the fake QuantConnect");
    }

    static Map<String, Object> sample(ObjectSchema schema) {
        Map<String, Object> values = new LinkedHashMap<>();
        schema.properties().forEach((name, property) -> values.put(name, sample(property)));
        return values;
    }

    private static Object sample(Property property) {
        if (property.enumValues() != null && !property.enumValues().isEmpty()) {
            return property.enumValues().get(0);
        }
        if (property.object() != null) {
            return sample(property.object());
        }
        return switch (property.type()) {
            case "integer" -> property.minimum() != null ? property.minimum().longValue() + 1 : 7;
            case "number" -> 1.5;
            case "boolean" -> true;
            case "array" -> List.of(property.items() == null ? "x" : sample(property.items()));
            case "object" -> property.values() == null ? Map.of("key", "value") : Map.of("key", sample(property.values()));
            default -> property.binary() ? "print('file body')\n" : "sample";
        };
    }
}
