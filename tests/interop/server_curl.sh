#!/usr/bin/env bash
# curl -> ward server --www (HTTPS).
#
# curl verifies ward's chain against the test root (--cacert) and the name
# "localhost" (pinned to 127.0.0.1 with --resolve); bodies are compared byte for
# byte, including one large enough to span many records.
source "$(dirname "$0")/lib.sh"
need_cmd curl openssl ss timeout
need_ward
make_pki

WWW=$T/www
mkdir -p "$WWW"
{
    echo "<!doctype html><title>ward</title><p>served by ward $(token)"
} >"$WWW/index.html"
head -c 300000 /dev/urandom | base64 >"$WWW/big.txt"

# curl_get NAME PATH [curl args...]: body -> $T/NAME.body, -v log -> $T/NAME.err,
# "%{http_code}" -> $T/NAME.out; exit status in CURL_RC.
curl_get() {
    local name=$1 path=$2
    shift 2
    bounded 20 curl -sS -v --tlsv1.3 --resolve "localhost:$PORT:$LOOPBACK" \
        -o "$T/$name.body" -w '%{http_code}' "$@" "https://localhost:$PORT$path" \
        >"$T/$name.out" 2>"$T/$name.err"
    CURL_RC=$?
    case_log "$T/$name.err"
}

case_begin "curl GET / -> ward server --www: index.html, TLSv1.3, verified"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --www "$WWW" \
    --max-conns 1; then
    case_log "$T/srv.err"
    curl_get get / --cacert "$PKI/ca.pem"
    expect_eq "curl exit status" "$CURL_RC" 0
    expect_eq "HTTP status" "$(cat "$T/get.out")" 200
    expect_same_file "body" "$T/get.body" "$WWW/index.html"
    expect_grep "$T/get.err" 'SSL connection using TLSv1\.3 / TLS_' "curl -v"
    expect_grep "$T/get.err" 'SSL certificate verify ok' "curl -v"
    wait_peer_exit srv 5
    expect_eq "ward server exit status (--max-conns 1)" "$PEER_RC" 0
fi
case_end

case_begin "curl GET a 400 KB file, then / again on a second connection"
if start_ward_server srv --cert "$PKI/rsa.chain.pem" --key "$PKI/rsa.key" --www "$WWW" \
    --max-conns 2; then
    case_log "$T/srv.err"
    curl_get big /big.txt --cacert "$PKI/ca.pem"
    expect_eq "curl exit status" "$CURL_RC" 0
    expect_eq "HTTP status" "$(cat "$T/big.out")" 200
    expect_same_file "big body" "$T/big.body" "$WWW/big.txt"
    curl_get again / --cacert "$PKI/ca.pem"
    expect_eq "second curl exit status" "$CURL_RC" 0
    expect_same_file "second body" "$T/again.body" "$WWW/index.html"
    wait_peer_exit srv 5
    expect_eq "ward server exit status (--max-conns 2)" "$PEER_RC" 0
fi
case_end

case_begin "curl --http1.1 with ALPN -> ward server --alpn http/1.1"
if start_ward_server srv --cert "$PKI/ed25519.chain.pem" --key "$PKI/ed25519.key" --www "$WWW" \
    --alpn http/1.1 --max-conns 1; then
    curl_get alpn / --cacert "$PKI/ca.pem" --http1.1
    expect_eq "curl exit status" "$CURL_RC" 0
    expect_grep "$T/alpn.err" 'ALPN: server accepted http/1\.1' "curl -v"
    expect_same_file "body" "$T/alpn.body" "$WWW/index.html"
    wait_peer_exit srv 5
fi
case_end

case_begin "curl with a client certificate -> ward server --www --verify-client"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --www "$WWW" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    curl_get mtls / --cacert "$PKI/ca.pem" --cert "$PKI/client.pem" --key "$PKI/client.key"
    expect_eq "curl exit status" "$CURL_RC" 0
    expect_same_file "body" "$T/mtls.body" "$WWW/index.html"
    wait_peer_exit srv 5
fi
case_end

case_begin "curl without a client certificate -> ward server --verify-client: refused"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --www "$WWW" \
    --verify-client "$PKI/clientca.pem" --max-conns 1; then
    curl_get nocert / --cacert "$PKI/ca.pem"
    expect_ne "curl exit status" "$CURL_RC" 0
    expect_ne "HTTP status" "$(cat "$T/nocert.out")" 200
    expect_grep "$T/nocert.err" 'alert certificate required' "curl -v"
    wait_peer_exit srv 5
fi
case_end

# Control: curl must reject ward's certificate when told to trust another root.
case_begin "control: curl --cacert (untrusted root) rejects ward's certificate"
if start_ward_server srv --cert "$PKI/ecdsa.chain.pem" --key "$PKI/ecdsa.key" --www "$WWW" \
    --max-conns 1; then
    curl_get wrongca / --cacert "$PKI/rogue-ca.pem"
    expect_eq "curl exit status (60: peer certificate cannot be authenticated)" "$CURL_RC" 60
    wait_peer_exit srv 5
    expect_grep "$T/srv.err" 'unknown_ca' "ward server stderr (alert received)"
fi
case_end

finish
