/* conn_info.c -- what a connection negotiated, for the application. */
#include "conn.h"
#include "policy.h"

int ward_conn_error(const ward_conn *c)
{
    return c ? c->error : WARD_E_INVALID_ARGUMENT;
}

const char *ward_conn_error_detail(const ward_conn *c)
{
    return c ? c->detail : "";
}

int ward_conn_peer_alert(const ward_conn *c)
{
    return c ? c->peer_alert : -1;
}

uint16_t ward_conn_version(const ward_conn *c)
{
    return c ? c->version : 0;
}

uint16_t ward_conn_cipher_suite(const ward_conn *c)
{
    return c ? c->suite : 0;
}

uint16_t ward_conn_group(const ward_conn *c)
{
    return c ? c->group : 0;
}

const char *ward_conn_alpn(const ward_conn *c)
{
    return c && c->has_alpn ? c->alpn : NULL;
}

const char *ward_conn_server_name(const ward_conn *c)
{
    return c && c->server_name[0] ? c->server_name : NULL;
}

int ward_conn_peer_verified(const ward_conn *c)
{
    return c ? c->peer_verified : 0;
}

int ward_conn_had_hrr(const ward_conn *c)
{
    return c ? c->had_hrr : 0;
}

int ward_conn_ems(const ward_conn *c)
{
    return c && (c->version == VERSION_TLS13 || (c->version == VERSION_TLS12 && c->ems));
}

int ward_conn_secure_renegotiation(const ward_conn *c)
{
    return c ? c->secure_reneg : 0;
}

int ward_conn_renegotiations(const ward_conn *c)
{
    return c ? (int)c->renegotiations : 0;
}

int ward_conn_encrypt_then_mac(const ward_conn *c)
{
    return c && c->version == VERSION_TLS12 && c->si && suite_is_cbc(c->si) && c->etm;
}

int ward_conn_forward_secret(const ward_conn *c)
{
    if (c == NULL || c->si == NULL)
        return 0;
    return c->version == VERSION_TLS13 || suite_forward_secret(c->si);
}
