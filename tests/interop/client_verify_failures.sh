#!/usr/bin/env bash
# ward client refuses servers it must not trust, and says why.
#
# Wrong host name, an untrusted issuer, an expired certificate, and no --ca (the
# system store does not know the test root): each must make `ward client` exit 1
# with one clear "handshake failed" line naming the alert it sent, and the peer
# (openssl s_server, which logs received alerts) must show that alert arrived.
# A control case with the same server and the right settings must succeed, so a
# failure here is about the one thing each case changes.
source "$(dirname "$0")/lib.sh"
need_cmd openssl ss timeout
need_ward
make_pki

GET='GET / HTTP/1.0\r\n\r\n'

# reject_case TITLE CERT SERVERNAME DETAIL_ERE ALERT_ERE [ward args...]
reject_case() {
    local title=$1 cert=$2 name=$3 detail=$4 alert=$5
    shift 5
    case_begin "$title"
    if start_s_server srv -www -naccept 1 -cert "$PKI/$cert.pem" -key "$PKI/$cert.key" \
        -cert_chain "$PKI/int.pem"; then
        ward_client cli "$GET" "$LOOPBACK:$PORT" --servername "$name" "$@"
        expect_handshake_failed "$detail"
        expect_no_grep "$T/cli.out" 'HTTP/1\.0' "ward client stdout"
        wait_peer_exit srv 5
        expect_grep "$T/srv.err" "$alert" "s_server stderr (alert received from ward)"
    fi
    case_end
}

case_begin "control: the right name, root and dates are accepted"
if start_s_server srv -www -naccept 1 -cert "$PKI/ecdsa.pem" -key "$PKI/ecdsa.key" \
    -cert_chain "$PKI/int.pem"; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --servername localhost --ca "$PKI/ca.pem"
    expect_connected "*" "*" - "*" yes
    expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
    wait_peer_exit srv 5
fi
case_end

reject_case "wrong host name (--servername wrong.example)" ecdsa wrong.example \
    '.*name.*\(sent alert bad_certificate\)$' 'alert bad certificate' --ca "$PKI/ca.pem"

reject_case "certificate from an untrusted CA" rogue localhost \
    '.*(trust|issuer).*\(sent alert unknown_ca\)$' 'alert unknown ca' --ca "$PKI/ca.pem"

reject_case "expired certificate" expired localhost \
    '.*expired.*\(sent alert certificate_expired\)$' 'alert certificate expired' --ca "$PKI/ca.pem"

reject_case "no --ca: the system store does not trust the test root" ecdsa localhost \
    '.*(trust|issuer).*\(sent alert unknown_ca\)$' 'alert unknown ca'

# docs/non-features.md: no SHA-1 signatures, in certificates either (SHAmbles,
# 2020: chosen-prefix collisions make SHA-1 certificates forgeable). s_server
# itself only loads such a certificate at security level 0.
case_begin "certificate signed with SHA-1 is rejected"
if start_s_server srv -www -naccept 1 -cert "$PKI/sha1.pem" -key "$PKI/sha1.key" \
    -cert_chain "$PKI/int.pem" -cipher DEFAULT@SECLEVEL=0; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --servername localhost --ca "$PKI/ca.pem"
    expect_handshake_failed '.*\(sent alert (bad_certificate|insufficient_security|unsupported_certificate)\)$'
    expect_no_grep "$T/cli.out" 'HTTP/1\.0' "ward client stdout"
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'alert (bad certificate|insufficient security|unsupported certificate)' \
        "s_server stderr (alert received from ward)"
fi
case_end

# --insecure is for tests only, and must really skip verification (and say so).
case_begin "--insecure connects to the untrusted server and reports verified=no"
if start_s_server srv -www -naccept 1 -cert "$PKI/rogue.pem" -key "$PKI/rogue.key"; then
    ward_client cli "$GET" "$LOOPBACK:$PORT" --servername localhost --ca "$PKI/ca.pem" --insecure
    expect_connected "*" "*" - "*" no
    expect_grep "$T/cli.out" '^HTTP/1\.0 200 ok' "response"
    wait_peer_exit srv 5
fi
case_end

finish
