package io.qcmcp.client;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RequestSignerTest {

    // Expected values computed outside Java: sha256("secret-token:1700000000"), then base64("12345:" + hex).
    @Test
    @DisplayName("The Authorization header is Basic base64(userId:sha256hex(token:timestamp))")
    void signsLikeQuantConnectExpects() {
        String header = RequestSigner.authorization(new Credentials("12345", "secret-token"), 1_700_000_000L);
        assertEquals("Basic MTIzNDU6ZWZkMWE5ODlhM2ViNmE5MWQ0NWY2NWMxYWI2NDRjODQ2MTMwOWJiNDk5MjVlM2U2MTcwZjNlOGZiYTE5MTg1OQ==",
                header);
    }

    @Test
    @DisplayName("Each timestamp gives a different signature")
    void signatureDependsOnTimestamp() {
        Credentials credentials = new Credentials("12345", "secret-token");
        assertFalse(RequestSigner.authorization(credentials, 1_700_000_000L)
                .equals(RequestSigner.authorization(credentials, 1_700_000_001L)));
    }

    @Test
    @DisplayName("Credentials never print their token")
    void credentialsHideToken() {
        assertFalse(new Credentials("12345", "secret-token").toString().contains("secret-token"));
    }
}
