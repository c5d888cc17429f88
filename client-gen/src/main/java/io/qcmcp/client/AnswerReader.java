package io.qcmcp.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpHeaders;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads what QuantConnect answered into a {@link QuantConnectResponse}. QuantConnect answers most refusals
 * with HTTP 200 and {@code success: false} in its JSON envelope, hands out URLs for a person to open as
 * redirects, and sends HTML error pages from its front end; each gets a message the user can act on, and a
 * body that is not JSON never becomes an exception. A refusal's reasons are read wherever QuantConnect puts
 * them ({@code errors}, {@code messages}, {@code Message}, {@code message}: the places lean-cli reads), except
 * a signature refusal, whose text holds the user id, the hash and the time: it is replaced by
 * {@link #SIGNATURE_REFUSED} and its body dropped.
 */
final class AnswerReader {

    /** The reason given for a refused signature ({@code Hash doesn't match...}); {@link CredentialRenewal} looks for it. */
    static final String SIGNATURE_REFUSED = "the signature did not match";

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    /** Bytes of a body looked at to tell an HTML page from JSON. */
    private static final int SNIFFED = 64;

    private final ObjectMapper json;
    private final Supplier<String> credentialsAdvice;

    /**
     * @param credentialsAdvice what to check when the credentials may be wrong, such as where they come from
     *     ({@link CredentialRenewal#advice()})
     */
    AnswerReader(ObjectMapper json, Supplier<String> credentialsAdvice) {
        this.json = json;
        this.credentialsAdvice = credentialsAdvice;
    }

    /** What QuantConnect's answer with this status, these headers and this body means. */
    Outcome read(Operation operation, int status, HttpHeaders headers, byte[] body) {
        if (status >= 400) {
            return error(operation, status, headers, body);
        }
        if (status >= 300) {
            return Outcome.answer(status, redirect(operation, headers));
        }
        return Outcome.answer(status, envelope(operation, body));
    }

    /**
     * An answer with an error status. 401 and 403 are refusals of the credentials ({@link CredentialRenewal}
     * looks for them); any other keeps its {@code Retry-After}, for {@link RetryPolicy}. A 500 also names the
     * credentials as a possible cause, as lean-cli does: QuantConnect answers some signature problems that way.
     * Other 5xx are outages and say nothing of the credentials.
     */
    private Outcome error(Operation operation, int status, HttpHeaders headers, byte[] body) {
        if (status == 401 || status == 403) {
            return Outcome.answer(status, new QuantConnectResponse.Rejected(List.of("HTTP " + status), Map.of()));
        }
        String contentType = headers.get(HttpHeaders.CONTENT_TYPE);
        boolean html = (contentType != null && contentType.contains("html")) || looksLikeHtml(body);
        String what = "answered HTTP " + status + (html ? " with an HTML error page" : "");
        Duration retryAfter = retryAfter(headers.get("Retry-After"));
        String hint = switch (status) {
            case 500 -> "; if this persists, the credentials may be wrong (QuantConnect answers some signature "
                    + "problems this way): " + credentialsAdvice.get();
            case 429 -> " (too many requests): QuantConnect limits how often its API is called; wait "
                    + (retryAfter != null ? retryAfter.toSeconds() + " s" : "a minute") + " and call again";
            default -> "";
        };
        return new Outcome(status, new QuantConnectResponse.Failed("QuantConnect " + what + " for "
                + operation.path() + hint + ".", status >= 500 ? QuantConnectResponse.Failed.Cause.UNREACHABLE
                : QuantConnectResponse.Failed.Cause.OTHER), retryAfter, what, false);
    }

    /** {@code Retry-After} as a wait; null when absent or not a number of seconds (a date is not honoured). */
    private static Duration retryAfter(String header) {
        if (header == null || !header.strip().matches("\\d{1,5}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(header.strip()));
    }

    /** A redirect is how QuantConnect hands out a URL for a person to open (brokerage authorization). */
    private static QuantConnectResponse redirect(Operation operation, HttpHeaders headers) {
        String location = headers.get(HttpHeaders.LOCATION);
        if (location == null || location.isBlank()) {
            return new QuantConnectResponse.Failed("QuantConnect redirected " + operation.path() + " without a URL.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", location);
        body.put("success", true);
        return new QuantConnectResponse.Success(body);
    }

    private QuantConnectResponse envelope(Operation operation, byte[] bytes) {
        Map<String, Object> body;
        try {
            body = json.readValue(bytes, JSON_OBJECT);
        } catch (IOException e) {
            return new QuantConnectResponse.Failed("QuantConnect sent " + (looksLikeHtml(bytes) ? "an HTML page"
                    : "a malformed or truncated answer") + " to " + operation.path() + ".");
        }
        if (body == null) {
            return new QuantConnectResponse.Failed("QuantConnect sent an empty answer to " + operation.path() + ".");
        }
        if (Boolean.FALSE.equals(body.get("success"))) {
            List<String> errors = errors(body);
            if (errors.stream().anyMatch(error -> error.startsWith("Hash doesn't match"))) {
                return new QuantConnectResponse.Rejected(List.of(SIGNATURE_REFUSED), Map.of());
            }
            return new QuantConnectResponse.Rejected(errors, body);
        }
        return new QuantConnectResponse.Success(body);
    }

    /** Every reason in the answer, in lean-cli's order, each once; lists of strings or single strings. */
    private static List<String> errors(Map<String, Object> body) {
        Set<String> reasons = new LinkedHashSet<>();
        for (String key : List.of("errors", "messages", "Message", "message")) {
            Object value = body.get(key);
            for (Object reason : value instanceof List<?> list ? list : Collections.singletonList(value)) {
                if (reason instanceof String text && !text.isBlank()) {
                    reasons.add(text.strip());
                }
            }
        }
        return reasons.isEmpty() ? List.of("QuantConnect reported a failure without a reason.") : List.copyOf(reasons);
    }

    private static boolean looksLikeHtml(byte[] body) {
        return new String(body, 0, Math.min(body.length, SNIFFED)).stripLeading().startsWith("<");
    }
}
