package io.qcmcp.app.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.qcmcp.client.CredentialsProvider;
import io.qcmcp.client.CredentialsUnavailableException;
import io.qcmcp.client.Deadline;
import io.qcmcp.client.JsonPointer;
import io.qcmcp.client.Operation;
import io.qcmcp.client.QuantConnectClient;
import io.qcmcp.client.QuantConnectResponse;
import io.qcmcp.client.generated.api.LiveApi;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second step of a call that changes live trading ({@code MCP_CONFIRM_LIVE}): without a {@code confirmationToken}
 * the call does nothing and answers a preview in plain words (the spec's {@code x-mcp-preview}) with a token; the same
 * call with that token is done. Stateless: the token is {@code v1.<expiry>.<mac>.<mac>}, valid 5 minutes (30 s of
 * skew), keyed by HKDF with its own label from the QuantConnect API token (never from an API key, which every caller
 * holds), so any instance checks it without shared state. It carries no argument content.
 *
 * <p>The first MAC binds the tool, the arguments as canonical JSON (after coercion and aliases), the caller, the
 * deployment and the second MAC: a token for other arguments, another tool, caller or deployment, an expired or
 * altered one is refused before QuantConnect. The second binds the same and the state read for the preview (the project's live deployment id and
 * status, where the call names a project), so the token no longer matches once the action has changed it; where no
 * such state exists (a broadcast to an organization) a token can be replayed within its 5 minutes.
 *
 * <p>What the second step proves is that a preview was shown to whoever holds the token, the model included; a
 * person's approval is the client's own tool-approval prompt.
 */
final class LiveConfirmation {

    static final String ARGUMENT = "confirmationToken";
    static final long LIFETIME_MILLIS = 5 * 60_000;
    static final long SKEW_MILLIS = 30_000;
    private static final byte[] LABEL = "qcmcp live-trading confirmation v1".getBytes(StandardCharsets.UTF_8);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(/[^}]*)}");
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final CredentialsProvider credentials;
    private final QuantConnectClient client;
    private final String deployment;
    private final LongSupplier clock;

    /** @param deployment which deployment signs the tokens (the Lambda function's name, or "local") */
    LiveConfirmation(CredentialsProvider credentials, QuantConnectClient client, String deployment, LongSupplier clock) {
        this.credentials = credentials;
        this.client = client;
        this.deployment = deployment;
        this.clock = clock;
    }

    /** The schema fragment of the optional argument. */
    static Map<String, Object> argumentSchema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "string");
        schema.put("description", "From this tool's preview; omit it to get the preview first.");
        return schema;
    }

    /** What checking a call found: go on, or answer this result (a preview or a refusal) and stop. */
    record Step(CallToolResult answer, String stage) {
    }

    /**
     * The preview of a call without a token, or the refusal of a call whose token does not hold; null when the
     * token holds and the call may be done. {@code arguments} are the exact ones, without the token.
     */
    Step check(Operation operation, Map<String, Object> arguments, String token, String caller, Deadline deadline) {
        byte[] key;
        String canonical;
        try {
            key = key(credentials.credentials().apiToken());
            canonical = CANONICAL.writeValueAsString(arguments);
        } catch (CredentialsUnavailableException e) {
            return new Step(ToolResults.error(e.getMessage()), "refused");
        } catch (JsonProcessingException e) {
            return new Step(ToolResults.error("The arguments could not be written as JSON."), "refused");
        }
        String binding = operation.name() + "\n" + canonical + "\n" + caller + "\n" + deployment;
        if (token == null) {
            return preview(operation, arguments, key, binding, deadline);
        }
        String[] parts = token.split("\\.");
        long expiry;
        try {
            expiry = parts.length == 4 && "v1".equals(parts[0]) ? Long.parseLong(parts[1]) : -1;
        } catch (NumberFormatException e) {
            expiry = -1;
        }
        if (expiry < 0 || !same(parts[2], mac(key, binding + "\n" + expiry + "\n" + parts[3]))) {
            return refused(operation, "the confirmationToken is not the one this call's preview gave (another tool, "
                    + "other arguments or another caller, or altered)");
        }
        if (clock.getAsLong() > expiry + SKEW_MILLIS) {
            return refused(operation, "the confirmationToken has expired (it lasts 5 minutes)");
        }
        State state = state(operation, arguments, deadline);
        if (state.failure() != null) {
            return new Step(ToolResults.error(state.failure()), "refused");
        }
        if (!same(parts[3], mac(key, binding + "\n" + expiry + "\n" + state.value()))) {
            return refused(operation, "the project's live deployment has changed since the preview (" + state.value()
                    + " now)");
        }
        return null;
    }

    private Step preview(Operation operation, Map<String, Object> arguments, byte[] key, String binding,
                         Deadline deadline) {
        State state = state(operation, arguments, deadline);
        if (state.failure() != null) {
            return new Step(ToolResults.error(state.failure()), "refused");
        }
        long expiry = clock.getAsLong() + LIFETIME_MILLIS;
        String stateMac = mac(key, binding + "\n" + expiry + "\n" + state.value());
        String token = "v1." + expiry + "." + mac(key, binding + "\n" + expiry + "\n" + stateMac) + "." + stateMac;
        StringBuilder words = new StringBuilder(describe(operation, arguments));
        if (state.words() != null) {
            words.append(' ').append(state.words());
        }
        words.append(" Nothing has been done yet: to do it, call ").append(operation.name())
                .append(" again with the same arguments and this confirmationToken within 5 minutes. The token shows ")
                .append("that this preview was seen, not that a person approved it: ask the user first.");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("preview", words.toString());
        body.put(ARGUMENT, token);
        body.put("expiresInSeconds", LIFETIME_MILLIS / 1000);
        return new Step(CallToolResult.builder()
                .content(List.of(new TextContent(null, words + " confirmationToken: " + token, null)))
                .structuredContent(body).isError(false).build(), "preview");
    }

    /** The spec's preview with its placeholders filled from the arguments (cut to 64 characters each). */
    static String describe(Operation operation, Map<String, Object> arguments) {
        String template = operation.preview() == null ? operation.name() + " changes live trading." : operation.preview();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = JsonPointer.at(arguments, m.group(1), null);
            String text = value == null ? "(not given)" : String.valueOf(value);
            m.appendReplacement(out, Matcher.quoteReplacement(text.length() > 64 ? text.substring(0, 64) : text));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The state a token binds: the project's live deployment, when the call names a project; "" when none. */
    private record State(String value, String words, String failure) {
    }

    private State state(Operation operation, Map<String, Object> arguments, Deadline deadline) {
        Object projectId = arguments.get("projectId");
        if (projectId == null) {
            return new State("", null, null);
        }
        QuantConnectResponse answer = client.call(LiveApi.READ_LIVE_ALGORITHM, Map.of("projectId", projectId), deadline);
        if (answer instanceof QuantConnectResponse.Success success) {
            Object deployId = success.body().get("deployId");
            Object status = success.body().get("status");
            if (deployId == null) {
                return new State("none", "Project " + projectId + " has no live deployment now.", null);
            }
            return new State(deployId + "/" + status, "Its live deployment now: " + deployId + " (" + status + ").",
                    null);
        }
        if (answer instanceof QuantConnectResponse.Rejected) {
            return new State("none", "Project " + projectId + " has no live deployment now.", null);
        }
        return new State(null, null, "The project's live deployment could not be read to confirm " + operation.name()
                + ": " + ((QuantConnectResponse.Failed) answer).message());
    }

    private static Step refused(Operation operation, String why) {
        return new Step(ToolResults.error(operation.name() + " was not done: " + why + ". Call it without "
                + "confirmationToken for a new preview."), "refused");
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }

    /** HKDF-SHA256 (RFC 5869) of the API token with this feature's own label: one 32-byte key. */
    static byte[] key(String apiToken) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = extract.doFinal(apiToken.getBytes(StandardCharsets.UTF_8));
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(prk, "HmacSHA256"));
            expand.update(LABEL);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return BASE64.encodeToString(Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
