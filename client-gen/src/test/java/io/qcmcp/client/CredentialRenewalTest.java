package io.qcmcp.client;

import io.qcmcp.client.QuantConnectResponse.Failed;
import io.qcmcp.client.QuantConnectResponse.Failed.Cause;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CredentialRenewal} on its own, with a provider that hands out scripted credentials and a send that answers
 * from a script: the credentials are renewed only when QuantConnect rejects them, once per call, the call is sent
 * again only with other credentials, and a failing provider or a rejection that stays ends in a message that says
 * where the credentials come from and never holds a token.
 */
class CredentialRenewalTest {

    private static final Operation READ = Operation.plain("read_account", "/account/read",
            new Operation.Hints(true, false, true, false), "account");
    private static final Credentials OLD = new Credentials("1", "old-token");
    private static final Credentials ROTATED = new Credentials("1", "rotated-token");
    private static final QuantConnectResponse SUCCESS = new QuantConnectResponse.Success(Map.of("success", true));

    /**
     * Hands out its credentials in turn (the last one again when they run out), or throws the failure scripted in
     * their place; records each call, "credentials" or "rejected", in order.
     */
    private static final class ScriptedProvider implements CredentialsProvider {
        private final Deque<Object> script = new ArrayDeque<>();
        private final List<String> calls = new ArrayList<>();

        ScriptedProvider(Object... credentialsOrFailures) {
            script.addAll(List.of(credentialsOrFailures));
        }

        @Override
        public Credentials credentials() {
            calls.add("credentials");
            Object next = script.size() > 1 ? script.poll() : script.peek();
            if (next instanceof CredentialsUnavailableException failure) {
                throw failure;
            }
            return (Credentials) next;
        }

        @Override
        public void rejected() {
            calls.add("rejected");
        }

        @Override
        public String origin() {
            return "the secrets quant-connect-mcp/user-id and quant-connect-mcp/api-token";
        }
    }

    /** Answers each send from {@code answers} in turn, and records the credentials each was signed with. */
    private static final class ScriptedSend implements Function<Credentials, QuantConnectResponse> {
        private final Deque<QuantConnectResponse> answers;
        private final List<Credentials> signedWith = new ArrayList<>();

        ScriptedSend(QuantConnectResponse... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public QuantConnectResponse apply(Credentials credentials) {
            signedWith.add(credentials);
            QuantConnectResponse answer = answers.poll();
            if (answer == null) {
                throw new AssertionError("sent more often than scripted: " + signedWith);
            }
            return answer;
        }
    }

    private static QuantConnectResponse.Rejected rejected(String error) {
        return new QuantConnectResponse.Rejected(List.of(error), Map.of());
    }

    @Test
    @DisplayName("An answer that is not a rejection of the credentials comes back as it is: sent once, nothing renewed")
    void acceptedIsNotRenewed() {
        ScriptedProvider provider = new ScriptedProvider(OLD);
        CredentialRenewal renewal = new CredentialRenewal(provider);
        for (QuantConnectResponse answer : List.of(SUCCESS, rejected("Project not found"), rejected("HTTP 404"),
                new Failed("QuantConnect did not answer", Cause.UNREACHABLE))) {
            ScriptedSend send = new ScriptedSend(answer);
            assertSame(answer, renewal.send(READ, renewal.current(), send));
            assertEquals(List.of(OLD), send.signedWith, answer.toString());
        }
        assertEquals(List.of("credentials", "credentials", "credentials", "credentials"), provider.calls,
                "read once per call, for current(), and never told of a rejection");
    }

    @ParameterizedTest(name = "rejected with ''{0}''")
    @ValueSource(strings = {AnswerReader.SIGNATURE_REFUSED, "HTTP 401", "HTTP 403"})
    @DisplayName("A rejection of the credentials tells the provider once and sends again once, with the rotated ones")
    void rejectionRenewsAndSendsAgain(String error) {
        ScriptedProvider provider = new ScriptedProvider(OLD, ROTATED);
        CredentialRenewal renewal = new CredentialRenewal(provider);
        ScriptedSend send = new ScriptedSend(rejected(error), SUCCESS);
        assertSame(SUCCESS, renewal.send(READ, renewal.current(), send));
        assertEquals(List.of(OLD, ROTATED), send.signedWith);
        assertEquals(List.of("credentials", "rejected", "credentials"), provider.calls,
                "told of the rejection before it is asked again");
    }

    @Test
    @DisplayName("When the provider has nothing newer after a rejection, the call is not sent again: a rejection "
            + "naming the operation, QuantConnect's reason and where the credentials come from, without the token")
    void sameCredentialsNotSentAgain() {
        ScriptedProvider provider = new ScriptedProvider(OLD);
        CredentialRenewal renewal = new CredentialRenewal(provider);
        ScriptedSend send = new ScriptedSend(rejected("HTTP 401"));
        Failed failed = assertInstanceOf(Failed.class, renewal.send(READ, renewal.current(), send));
        assertEquals(Cause.CREDENTIALS_REJECTED, failed.cause());
        assertEquals("QuantConnect rejected the credentials for /account/read (HTTP 401): check the user id and API "
                + "token in the secrets quant-connect-mcp/user-id and quant-connect-mcp/api-token.", failed.message());
        assertEquals(List.of(OLD), send.signedWith);
        assertEquals(List.of("credentials", "rejected", "credentials"), provider.calls);
    }

    @Test
    @DisplayName("A rejection that stays with the renewed credentials is reported, not renewed again: two sends at most")
    void renewedOnceOnly() {
        ScriptedProvider provider = new ScriptedProvider(OLD, ROTATED, new Credentials("1", "third-token"));
        CredentialRenewal renewal = new CredentialRenewal(provider);
        ScriptedSend send = new ScriptedSend(rejected("HTTP 403"), rejected(AnswerReader.SIGNATURE_REFUSED));
        Failed failed = assertInstanceOf(Failed.class, renewal.send(READ, renewal.current(), send));
        assertEquals(Cause.CREDENTIALS_REJECTED, failed.cause());
        assertTrue(failed.message().contains("(" + AnswerReader.SIGNATURE_REFUSED + ")"),
                "the reason of the last answer: " + failed.message());
        assertEquals(List.of(OLD, ROTATED), send.signedWith);
        assertEquals(List.of("credentials", "rejected", "credentials"), provider.calls,
                "told of one rejection only, and asked no third time");
        for (String token : List.of("old-token", "rotated-token", "third-token")) {
            assertFalse(failed.message().contains(token), failed.message());
        }
    }

    @Test
    @DisplayName("When the provider fails after a rejection, the call ends as credentials missing, with its message, "
            + "and is not sent again")
    void providerFailsOnRenewal() {
        ScriptedProvider provider = new ScriptedProvider(OLD,
                new CredentialsUnavailableException("Secrets Manager throttled the read of quant-connect-mcp/api-token"));
        CredentialRenewal renewal = new CredentialRenewal(provider);
        ScriptedSend send = new ScriptedSend(rejected(AnswerReader.SIGNATURE_REFUSED));
        Failed failed = assertInstanceOf(Failed.class, renewal.send(READ, renewal.current(), send));
        assertEquals(new Failed("Secrets Manager throttled the read of quant-connect-mcp/api-token",
                Cause.CREDENTIALS_MISSING), failed);
        assertEquals(List.of(OLD), send.signedWith);
        assertEquals(List.of("credentials", "rejected", "credentials"), provider.calls,
                "told of the rejection before it was asked again");
    }

    @Test
    @DisplayName("current() asks the provider every time, and lets its failure through with the provider's message")
    void currentAsksTheProvider() {
        CredentialsUnavailableException missing = new CredentialsUnavailableException(
                "QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN are not set");
        ScriptedProvider provider = new ScriptedProvider(OLD, ROTATED, missing);
        CredentialRenewal renewal = new CredentialRenewal(provider);
        assertEquals(OLD, renewal.current());
        assertEquals(ROTATED, renewal.current());
        assertSame(missing, assertThrows(CredentialsUnavailableException.class, renewal::current));
        assertEquals(List.of("credentials", "credentials", "credentials"), provider.calls);
        assertEquals("check the user id and API token in " + provider.origin(), renewal.advice());
    }
}
