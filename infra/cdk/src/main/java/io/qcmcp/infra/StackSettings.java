package io.qcmcp.infra;

import software.constructs.Node;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What an operator may set in a deployment's file (see {@link Deployment}) or with {@code -c key=value}, with the
 * defaults in one place. Every value is checked here, so a typo stops {@code cdk synth} with a message that names
 * the setting.
 *
 * @param assetPath the Lambda jar that every {@code mvn package} of the app makes
 * @param runtime java21 or java25
 * @param memoryMb function memory: 512 MB by measurement with SnapStart on (docs/performance.md)
 * @param timeoutSeconds function timeout; API Gateway cuts requests at 29 s regardless
 * @param architecture x86_64 or arm64
 * @param throttleRate steady requests per second of the usage plan (per key)
 * @param throttleBurst burst of the usage plan (per key)
 * @param quotaPerDay requests per day of the usage plan (per key)
 * @param logRetentionDays days the function's (and the access) logs are kept
 * @param allowedOrigins browser origins the function accepts (its Origin check and CORS answers); empty keeps
 *     the function's default, localhost on any port
 * @param alarmEmail where alarms are sent, or empty for none
 * @param apiKeys one API key per name; empty means one key, named after the stack
 * @param userIdSecretName the Secrets Manager secret holding the QuantConnect user id
 * @param apiTokenSecretName the Secrets Manager secret holding the QuantConnect API token
 * @param accessLogs whether the stage writes JSON access logs (needs the account's API Gateway CloudWatch role)
 * @param tracing whether API Gateway and the function are traced with X-Ray
 * @param reservedConcurrency concurrency reserved for (and capping) the function, if set
 * @param vpcSubnetIds subnets to run the function in; empty for none
 * @param vpcSecurityGroupIds security groups of the function in its VPC
 * @param kmsKeyArn customer-managed KMS key for the function's environment and log groups, or empty
 * @param invocationsAlarmPerHour invocations in one hour above which an alarm fires
 * @param toolsets the toolsets the function offers (its {@code MCP_TOOLSETS}); empty for all
 * @param readOnly whether the function offers read-only tools only (its {@code MCP_READ_ONLY})
 * @param stageThrottleRate steady requests per second of the whole stage, every method and key together (so
 *     also the keyless OPTIONS)
 * @param stageThrottleBurst burst of the whole stage
 * @param logLevel the function's {@code LOG_LEVEL} (trace, debug, info, warn, error or off); empty keeps its
 *     default, info
 * @param oauth {@code none} (no OAuth: only the API key) or {@code cognito} (the stack creates a Cognito user pool as
 *     the OAuth issuer, and the keyless path /oauth/mcp)
 * @param oauthIssuer an existing identity provider's issuer URL (Auth0, Okta, Entra ID, Keycloak), instead of
 *     {@code oauth=cognito}; empty for none
 * @param oauthAudience audiences the function accepts besides its resource URL, with {@code oauthIssuer}
 * @param oauthScopePrefix what the issuer puts before the scopes' names, with {@code oauthIssuer}; empty for none
 * @param oauthThrottleRate steady requests per second of POST /oauth/mcp, every OAuth caller together
 * @param oauthThrottleBurst burst of POST /oauth/mcp
 * @param oauthLocalCallbackUrls with {@code oauth=cognito}, the callback URLs of the local clients' app client
 *     (Claude Code, VS Code, MCP Inspector); empty for the researched defaults
 * @param domainName a custom domain for the API (its host root is mapped to the stage); empty for none
 * @param certificateArn the ACM certificate of {@code domainName}, in the stack's region
 * @param liveTrading the function's {@code MCP_LIVE_TRADING}: {@code off} (the default: the tools that change live
 *     trading are neither listed nor callable), {@code paper} (QuantConnect's paper brokerage only) or {@code on};
 *     with paper or on, an alarm on executed live actions
 * @param confirmLive the function's {@code MCP_CONFIRM_LIVE}: whether a live-trading call is done only when repeated
 *     with its preview's confirmation token (true, the default); false for a client that asks a person every time
 */
public record StackSettings(String assetPath, String runtime, int memoryMb, int timeoutSeconds, String architecture,
                            double throttleRate, int throttleBurst, int quotaPerDay, int logRetentionDays,
                            List<String> allowedOrigins, String alarmEmail, List<String> apiKeys,
                            String userIdSecretName, String apiTokenSecretName, boolean accessLogs, boolean tracing,
                            Optional<Integer> reservedConcurrency, List<String> vpcSubnetIds,
                            List<String> vpcSecurityGroupIds, String kmsKeyArn, int invocationsAlarmPerHour,
                            List<String> toolsets, boolean readOnly, double stageThrottleRate,
                            int stageThrottleBurst, String logLevel, String oauth, String oauthIssuer,
                            List<String> oauthAudience, String oauthScopePrefix, double oauthThrottleRate,
                            int oauthThrottleBurst, List<String> oauthLocalCallbackUrls, String domainName,
                            String certificateArn, String liveTrading, boolean confirmLive) {

    static final String DEFAULT_ASSET = "../../app/target/quant-connect-mcp-lambda.jar";
    /**
     * The function's toolsets: the tags of openapi/quantconnect.yaml in kebab case (StackSettingsTest checks they
     * agree). The function refuses to start on a name it does not know, so a typo is stopped here, at synth.
     */
    static final List<String> TOOLSETS = List.of("account", "projects", "files", "compile", "backtests",
            "optimizations", "live", "object-store", "lean", "ai");
    /**
     * Every setting's key: the names of this record's components, which are also the context keys {@link #from}
     * reads, and the only keys a deployment's file may hold.
     */
    static final List<String> KEYS = Arrays.stream(StackSettings.class.getRecordComponents())
            .map(RecordComponent::getName).toList();
    /** The levels the function's LOG_LEVEL takes (it refuses to start on another). */
    static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");
    /** The values of the setting oauth. */
    static final List<String> OAUTH = List.of("none", "cognito");
    private static final Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** An entry of the function's MCP_ALLOWED_ORIGINS as the function reads it (it refuses to start on any other). */
    private static final Pattern ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]*://[^/?#\\s]+");

    public StackSettings {
        if (!runtime.equals("java21") && !runtime.equals("java25")) {
            throw invalid("runtime", "java21 or java25", runtime);
        }
        if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
            throw invalid("architecture", "x86_64 or arm64", architecture);
        }
        if (memoryMb < 128 || memoryMb > 10240) {
            throw invalid("memoryMb", "between 128 and 10240", memoryMb);
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw invalid("timeoutSeconds", "between 1 and 900", timeoutSeconds);
        }
        if (!List.of(7, 14, 30, 90, 180, 365).contains(logRetentionDays)) {
            throw invalid("logRetentionDays", "7, 14, 30, 90, 180 or 365", logRetentionDays);
        }
        for (String origin : allowedOrigins) {
            if (!origin.equals("*") && !ORIGIN.matcher(origin.toLowerCase(Locale.ROOT)).matches()) {
                throw invalid("allowedOrigins", "origins such as https://app.example, http://localhost:8080 or "
                        + "http://localhost:* (no path), or *", origin);
            }
        }
        for (String name : apiKeys) {
            if (!KEY_NAME.matcher(name).matches()) {
                throw invalid("apiKeys", "names of letters, digits, - and _ (at most 64)", name);
            }
        }
        if (new HashSet<>(apiKeys.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList()).size()
                != apiKeys.size()) {
            throw invalid("apiKeys", "distinct names", String.join(",", apiKeys));
        }
        if (vpcSubnetIds.isEmpty() != vpcSecurityGroupIds.isEmpty()) {
            throw new IllegalArgumentException("vpcSubnetIds and vpcSecurityGroupIds go together: set both or neither");
        }
        if (reservedConcurrency.isPresent() && reservedConcurrency.get() < 1) {
            throw invalid("reservedConcurrency", "a positive number", reservedConcurrency.get());
        }
        if (!kmsKeyArn.isEmpty() && !kmsKeyArn.startsWith("arn:")) {
            throw invalid("kmsKeyArn", "a key ARN (arn:aws:kms:...)", kmsKeyArn);
        }
        for (String toolset : toolsets) {
            if (!TOOLSETS.contains(toolset.toLowerCase(Locale.ROOT)) && !"all".equalsIgnoreCase(toolset)) {
                throw invalid("toolsets", "names from " + String.join(", ", TOOLSETS), toolset);
            }
        }
        if (invocationsAlarmPerHour < 1) {
            throw invalid("invocationsAlarmPerHour", "a positive number", invocationsAlarmPerHour);
        }
        if (!(stageThrottleRate > 0)) {
            throw invalid("stageThrottleRate", "a positive number", stageThrottleRate);
        }
        if (stageThrottleBurst < 1) {
            throw invalid("stageThrottleBurst", "a positive number", stageThrottleBurst);
        }
        if (!logLevel.isEmpty() && !LOG_LEVELS.contains(logLevel)) {
            throw invalid("logLevel", String.join(", ", LOG_LEVELS), logLevel);
        }
        if (!List.of("off", "paper", "on").contains(liveTrading)) {
            throw invalid("liveTrading", "off, paper or on", liveTrading);
        }
        oauthChecks(oauth, oauthIssuer, oauthAudience, oauthScopePrefix, oauthThrottleRate, oauthThrottleBurst,
                oauthLocalCallbackUrls);
        if (domainName.isEmpty() != certificateArn.isEmpty()) {
            throw new IllegalArgumentException("domainName and certificateArn go together: set both or neither "
                    + "(the certificate of the domain, in ACM in the stack's region)");
        }
        if (!domainName.isEmpty() && !HOST_NAME.matcher(domainName).matches()) {
            throw invalid("domainName", "a host name such as mcp.example.com (no scheme, no path)", domainName);
        }
        if (!certificateArn.isEmpty() && !certificateArn.matches("arn:[a-z-]+:acm:[a-z0-9-]+:\\d{12}:certificate/.+")) {
            throw invalid("certificateArn", "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/...)",
                    certificateArn);
        }
    }

    private static void oauthChecks(String oauth, String issuer, List<String> audience, String scopePrefix,
                                    double throttleRate, int throttleBurst, List<String> localCallbackUrls) {
        if (!OAUTH.contains(oauth)) {
            throw invalid("oauth", "none or cognito (or leave it out and set oauthIssuer for another identity "
                    + "provider)", oauth);
        }
        if (oauth.equals("cognito") && !issuer.isEmpty()) {
            throw new IllegalArgumentException("Settings oauth=cognito and oauthIssuer exclude each other: "
                    + "oauth=cognito creates a Cognito user pool that issues the tokens, oauthIssuer names an "
                    + "identity provider you already have. Set one of them; got oauth=cognito and oauthIssuer='"
                    + issuer + "'");
        }
        if (!issuer.isEmpty()) {
            URI uri;
            try {
                uri = new URI(issuer);
            } catch (URISyntaxException e) {
                throw invalid("oauthIssuer", "an https URL, the issuer of the tokens (its iss claim)", issuer);
            }
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw invalid("oauthIssuer", "an https URL without query or fragment, the issuer of the tokens (its "
                        + "iss claim)", issuer);
            }
        }
        if (issuer.isEmpty() && (!audience.isEmpty() || !scopePrefix.isEmpty())) {
            throw new IllegalArgumentException("oauthAudience and oauthScopePrefix go with oauthIssuer (oauth=cognito "
                    + "sets them itself); got " + (audience.isEmpty() ? "oauthScopePrefix='" + scopePrefix
                    : "oauthAudience='" + String.join(",", audience)) + "' without oauthIssuer");
        }
        if (!oauth.equals("cognito") && !localCallbackUrls.isEmpty()) {
            throw new IllegalArgumentException("oauthLocalCallbackUrls goes with oauth=cognito (the callback URLs of "
                    + "the app client it creates for local clients)");
        }
        for (String url : localCallbackUrls) {
            if (!url.matches("(https://|http://localhost[:/]|http://127\\.0\\.0\\.1[:/])[^#\\s]*")) {
                throw invalid("oauthLocalCallbackUrls", "https URLs, or http://localhost or http://127.0.0.1 "
                        + "ones (no fragment)", url);
            }
        }
        if (!(throttleRate > 0)) {
            throw invalid("oauthThrottleRate", "a positive number", throttleRate);
        }
        if (throttleBurst < 1) {
            throw invalid("oauthThrottleBurst", "a positive number", throttleBurst);
        }
    }

    /** Whether the function takes OAuth bearer tokens (and the API has the keyless path /oauth/mcp). */
    boolean oauthEnabled() {
        return oauth.equals("cognito") || !oauthIssuer.isEmpty();
    }

    /** Whether the function offers the tools that change live trading (liveTrading paper or on). */
    boolean liveTradingOffered() {
        return !liveTrading.equals("off");
    }

    boolean cognito() {
        return oauth.equals("cognito");
    }

    static StackSettings from(Node context) {
        String reserved = text(context, "reservedConcurrency", "");
        return new StackSettings(
                text(context, "assetPath", DEFAULT_ASSET),
                text(context, "runtime", "java21"),
                number(context, "memoryMb", "512"),
                number(context, "timeoutSeconds", "30"),
                text(context, "architecture", "x86_64"),
                decimal(context, "throttleRate", "10"),
                number(context, "throttleBurst", "20"),
                number(context, "quotaPerDay", "10000"),
                number(context, "logRetentionDays", "30"),
                list(context, "allowedOrigins"),
                text(context, "alarmEmail", ""),
                list(context, "apiKeys"),
                text(context, "userIdSecretName", "quant-connect-mcp/user-id"),
                text(context, "apiTokenSecretName", "quant-connect-mcp/api-token"),
                flag(context, "accessLogs"),
                flag(context, "tracing"),
                reserved.isEmpty() ? Optional.empty() : Optional.of(number(context, "reservedConcurrency", reserved)),
                list(context, "vpcSubnetIds"),
                list(context, "vpcSecurityGroupIds"),
                text(context, "kmsKeyArn", ""),
                number(context, "invocationsAlarmPerHour", "3000"),
                list(context, "toolsets"),
                flag(context, "readOnly"),
                decimal(context, "stageThrottleRate", "20"),
                number(context, "stageThrottleBurst", "40"),
                text(context, "logLevel", "").toLowerCase(Locale.ROOT),
                text(context, "oauth", "none").toLowerCase(Locale.ROOT),
                text(context, "oauthIssuer", ""),
                list(context, "oauthAudience"),
                text(context, "oauthScopePrefix", ""),
                decimal(context, "oauthThrottleRate", "10"),
                number(context, "oauthThrottleBurst", "20"),
                list(context, "oauthLocalCallbackUrls"),
                text(context, "domainName", "").toLowerCase(Locale.ROOT),
                text(context, "certificateArn", ""),
                text(context, "liveTrading", "off").toLowerCase(Locale.ROOT),
                flag(context, "confirmLive", "true"));
    }

    private static String text(Node context, String key, String fallback) {
        Object value = context.tryGetContext(key);
        return value == null || String.valueOf(value).isBlank() ? fallback : String.valueOf(value).strip();
    }

    private static List<String> list(Node context, String key) {
        return Arrays.stream(text(context, key, "").split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean flag(Node context, String key) {
        return flag(context, key, "false");
    }

    private static boolean flag(Node context, String key, String fallback) {
        String value = text(context, key, fallback).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw invalid(key, "true or false", value);
        }
        return value.equals("true");
    }

    private static int number(Node context, String key, String fallback) {
        return parsed(context, key, fallback, Integer::valueOf, "a whole number");
    }

    private static double decimal(Node context, String key, String fallback) {
        return parsed(context, key, fallback, Double::valueOf, "a number");
    }

    private static <T> T parsed(Node context, String key, String fallback, Function<String, T> parse,
                                String expected) {
        String value = text(context, key, fallback);
        try {
            return parse.apply(value);
        } catch (NumberFormatException e) {
            throw invalid(key, expected, value);
        }
    }

    private static IllegalArgumentException invalid(String key, String expected, Object got) {
        return new IllegalArgumentException("Setting " + key + " must be " + expected + "; got '" + got + "'");
    }
}
