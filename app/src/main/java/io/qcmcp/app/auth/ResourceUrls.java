package io.qcmcp.app.auth;

import java.net.URI;

/**
 * Where the OAuth documents of a resource are. The resource is this MCP endpoint's URL as the client uses it (for
 * example {@code https://abc.execute-api.eu-west-1.amazonaws.com/prod/oauth/mcp}); its protected-resource metadata
 * is at the base (the URL without the endpoint's path, {@code /mcp} or {@code /oauth/mcp}) plus
 * {@code /.well-known/oauth-protected-resource} plus that path. On API Gateway's own host the base holds the stage,
 * so the document is served under the stage, where the API can answer: the 401 gives its whole URL.
 */
public final class ResourceUrls {

    public static final String PROTECTED_RESOURCE = "/.well-known/oauth-protected-resource";
    public static final String AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    /** The endpoint paths: the one OAuth callers use on AWS, and the one every caller may use. */
    public static final String OAUTH_PATH = "/oauth/mcp";
    public static final String PATH = "/mcp";

    private ResourceUrls() {
    }

    /** The resource URL without the MCP endpoint's path: where this server's documents live. */
    public static String base(String resource) {
        String path = endpointPath(resource);
        return resource.substring(0, resource.length() - path.length());
    }

    /** The URL of the resource's protected-resource metadata. */
    public static String metadata(String resource) {
        return base(resource) + PROTECTED_RESOURCE + endpointPath(resource);
    }

    /**
     * The resource a request on API Gateway was sent to: its domain (which API Gateway fills in, not the client) and
     * the request path as the client sent it (stage included on API Gateway's own host), without the part from
     * {@code /.well-known/} on when the request was for a document.
     */
    public static String fromGateway(String domainName, String path) {
        String resourcePath = path == null ? "" : path;
        int wellKnown = resourcePath.indexOf(PROTECTED_RESOURCE);
        if (wellKnown >= 0) {
            resourcePath = resourcePath.substring(0, wellKnown)
                    + resourcePath.substring(wellKnown + PROTECTED_RESOURCE.length());
        }
        return "https://" + domainName + resourcePath;
    }

    /**
     * Where this server's documents live, for a request on API Gateway for one of them: its domain and the request
     * path before {@code /.well-known/} (the stage on API Gateway's own host, nothing on a custom domain).
     */
    public static String baseFromGateway(String domainName, String path) {
        String requestPath = path == null ? "" : path;
        int wellKnown = requestPath.indexOf("/.well-known/");
        return "https://" + domainName + (wellKnown < 0 ? "" : requestPath.substring(0, wellKnown));
    }

    /** Whether {@code url} is an absolute http(s) URL. */
    public static boolean valid(String url) {
        try {
            URI uri = URI.create(url.strip());
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String endpointPath(String resource) {
        if (resource.endsWith(OAUTH_PATH)) {
            return OAUTH_PATH;
        }
        return resource.endsWith(PATH) ? PATH : "";
    }
}
