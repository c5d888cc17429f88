package io.qcmcp.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.ManagedLoginVersion;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.UserInvitationConfig;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientIdentityProvider;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code oauth=cognito}: a Cognito user pool that issues the OAuth access tokens the function accepts. An
 * administrator adds the people (no self sign-up), who sign in on the pool's managed login pages with a password
 * and a one-time code (TOTP MFA, required), with Cognito's threat protection enforced. A resource server carries the three scopes, and one app client per
 * kind of MCP client: Claude and ChatGPT (confidential, with a generated secret, each with its documented
 * callback) and the local clients (public, no secret). Authorization code grant only; no implicit grant, no client
 * credentials, no password sign-in through the API.
 *
 * <p>No output holds a secret: the outputs name the clients' ids and the command that reads a secret.
 */
final class CognitoIssuer {

    /** The scopes the function checks (without the resource server's prefix). */
    static final List<String> SCOPES = List.of("quantconnect.read", "quantconnect.write", "quantconnect.live");
    /** Claude.ai (and Claude Desktop, Claude mobile) connectors' callback; Anthropic names claude.com as its next. */
    static final List<String> CLAUDE_CALLBACKS = List.of("https://claude.ai/api/mcp/auth_callback",
            "https://claude.com/api/mcp/auth_callback");
    /** ChatGPT connectors' (developer mode, apps) callback. */
    static final List<String> CHATGPT_CALLBACKS = List.of("https://chatgpt.com/connector_platform_oauth_redirect");
    /**
     * The local clients' callbacks, which Cognito matches exactly. Claude Code: {@code http://localhost:<port>/callback}
     * with the port fixed by {@code claude mcp add --callback-port 3118}; VS Code: its https redirect page (Cognito
     * takes plain http for localhost only, so not VS Code's {@code http://127.0.0.1:33418} loopback); MCP Inspector:
     * its callback and debug callback on its default port 6274.
     */
    static final List<String> LOCAL_CALLBACKS = List.of("http://localhost:3118/callback",
            "https://vscode.dev/redirect", "https://insiders.vscode.dev/redirect",
            "http://localhost:6274/oauth/callback", "http://localhost:6274/oauth/callback/debug");

    final UserPool pool;
    final UserPoolResourceServer resourceServer;
    final List<UserPoolClient> clients = new ArrayList<>();
    final String identifier;

    CognitoIssuer(Stack stack, Deployment deployment, StackSettings settings) {
        if (deployment.resourceName().matches(".*(aws|amazon|cognito).*")) {
            throw new IllegalArgumentException("oauth=cognito: the deployment's name becomes the prefix of its "
                    + "sign-in domain, which may not contain aws, amazon or cognito; got '" + deployment.name() + "'");
        }
        identifier = deployment.resourceName();
        pool = UserPool.Builder.create(stack, "UserPool")
                .userPoolName(deployment.resourceName())
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .signInCaseSensitive(false)
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .standardAttributes(StandardAttributes.builder()
                        .email(StandardAttribute.builder().required(true).mutable(true).build()).build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .passwordPolicy(PasswordPolicy.builder().minLength(12).requireLowercase(true)
                        .requireUppercase(true).requireDigits(true).requireSymbols(true)
                        .tempPasswordValidity(Duration.days(3)).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                // Threat protection (compromised credentials, risky sign-ins blocked) needs the Plus plan: $0.02 per
                // monthly active user, cents for a team, and what cdk-nag's AwsSolutions-COG3 asks.
                .featurePlan(FeaturePlan.PLUS)
                .standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION)
                .userInvitation(UserInvitationConfig.builder()
                        .emailSubject("Your QuantConnect MCP sign-in")
                        .emailBody("You can now connect to the QuantConnect MCP server" + deployment.describedAs()
                                + ". Sign in as {username} with the temporary password {####}, then choose a "
                                + "password and set up an authenticator app.")
                        .build())
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        List<ResourceServerScope> scopes = SCOPES.stream().map(scope -> ResourceServerScope.Builder.create()
                .scopeName(scope).scopeDescription(switch (scope) {
                    case "quantconnect.read" -> "Read projects, files, backtests and results";
                    case "quantconnect.write" -> "Change projects and files, compile, run backtests";
                    default -> "Deploy and control live trading";
                }).build()).toList();
        resourceServer = pool.addResourceServer("ResourceServer", UserPoolResourceServerOptions.builder()
                .identifier(identifier).userPoolResourceServerName(deployment.resourceName())
                .scopes(scopes).build());
        List<OAuthScope> allowed = new ArrayList<>();
        allowed.add(OAuthScope.OPENID);
        scopes.forEach(scope -> allowed.add(OAuthScope.resourceServer(resourceServer, scope)));

        // The prefix is global to the region across accounts: the stack's resource name and the account id.
        UserPoolDomain domain = pool.addDomain("Domain", UserPoolDomainOptions.builder()
                .cognitoDomain(CognitoDomainOptions.builder()
                        .domainPrefix(Fn.join("-", List.of(deployment.resourceName(), stack.getAccount()))).build())
                .managedLoginVersion(ManagedLoginVersion.CLASSIC_HOSTED_UI)
                .build());

        UserPoolClient claude = client(pool, "ClaudeClient", "claude", true, CLAUDE_CALLBACKS, allowed);
        UserPoolClient chatGpt = client(pool, "ChatGptClient", "chatgpt", true, CHATGPT_CALLBACKS, allowed);
        UserPoolClient local = client(pool, "LocalClient", "local", false,
                settings.oauthLocalCallbackUrls().isEmpty() ? LOCAL_CALLBACKS : settings.oauthLocalCallbackUrls(),
                allowed);
        clients.addAll(List.of(claude, chatGpt, local));

        CfnOutput.Builder.create(stack, "UserPoolId").value(pool.getUserPoolId())
                .description("The Cognito user pool of the people allowed in (aws cognito-idp admin-create-user "
                        + "--user-pool-id <id> --username <e-mail>)").build();
        CfnOutput.Builder.create(stack, "OAuthIssuer").value(pool.getUserPoolProviderUrl())
                .description("The OAuth issuer (the function's MCP_OAUTH_ISSUER)").build();
        CfnOutput.Builder.create(stack, "OAuthSignInUrl").value(domain.baseUrl())
                .description("Cognito's managed login pages, where people sign in").build();
        CfnOutput.Builder.create(stack, "ClaudeClientId").value(claude.getUserPoolClientId())
                .description("Claude.ai custom connector: OAuth Client ID (the secret: see ClaudeClientSecret)").build();
        CfnOutput.Builder.create(stack, "ClaudeClientSecret").value(secretCommand(claude))
                .description("How to read the Claude client's secret (never printed by the stack)").build();
        CfnOutput.Builder.create(stack, "ChatGptClientId").value(chatGpt.getUserPoolClientId())
                .description("ChatGPT connector: OAuth Client ID (the secret: see ChatGptClientSecret)").build();
        CfnOutput.Builder.create(stack, "ChatGptClientSecret").value(secretCommand(chatGpt))
                .description("How to read the ChatGPT client's secret (never printed by the stack)").build();
        CfnOutput.Builder.create(stack, "LocalClientId").value(local.getUserPoolClientId())
                .description("Claude Code, VS Code, MCP Inspector: OAuth Client ID (a public client: no secret)")
                .build();
    }

    /** MCP_OAUTH_AUDIENCE: Cognito's access tokens carry client_id and no aud, so the app clients' ids. */
    String audience() {
        return Fn.join(",", clients.stream().map(UserPoolClient::getUserPoolClientId).toList());
    }

    private String secretCommand(UserPoolClient client) {
        return Fn.join("", List.of("aws cognito-idp describe-user-pool-client --user-pool-id ", pool.getUserPoolId(),
                " --client-id ", client.getUserPoolClientId(), " --query UserPoolClient.ClientSecret --output text"));
    }

    private static UserPoolClient client(UserPool pool, String id, String name, boolean secret,
                                         List<String> callbacks, List<OAuthScope> scopes) {
        return pool.addClient(id, UserPoolClientOptions.builder()
                .userPoolClientName(name)
                .generateSecret(secret)
                // Sign-in happens on the managed login pages only: no password or SRP sign-in through the API.
                .authFlows(AuthFlow.builder().build())
                .oAuth(OAuthSettings.builder()
                        .flows(OAuthFlows.builder().authorizationCodeGrant(true).implicitCodeGrant(false)
                                .clientCredentials(false).build())
                        .scopes(scopes)
                        .callbackUrls(callbacks)
                        .build())
                .supportedIdentityProviders(List.of(UserPoolClientIdentityProvider.COGNITO))
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                .accessTokenValidity(Duration.hours(1))
                .idTokenValidity(Duration.hours(1))
                .refreshTokenValidity(Duration.days(30))
                .build());
    }
}
