/* session_api.c -- ward_session: a client's resumable session, for the
 * application to keep between connections or processes. */
#include <stdlib.h>

#include "base/mem.h"
#include "conn.h"

struct ward_session {
    session s;
};

static void session_api_free(ward_session *ws)
{
    if (ws) {
        session_wipe(&ws->s);
        mem_free_secret(ws, sizeof *ws);
    }
}

void ward_session_free(ward_session *ws)
{
    session_api_free(ws);
}

ward_session *ward_conn_session(const ward_conn *c)
{
    if (c == NULL || c->role != WARD_CLIENT || c->fresh_enc == NULL || !c->hs_done)
        return NULL;
    ward_session *ws = calloc(1, sizeof *ws);
    if (ws && session_decode(c->fresh_enc, c->fresh_enc_len, &ws->s) != WARD_OK) {
        session_api_free(ws);
        ws = NULL;
    }
    return ws;
}

int ward_conn_set_session(ward_conn *c, const ward_session *ws)
{
    ENSURE(c && ws, WARD_E_INVALID_ARGUMENT);
    ENSURE(c->role == WARD_CLIENT && c->state == HS_START, WARD_E_API_STATE);
    session *s = conn_session(&c->offer);
    ENSURE(s, WARD_E_NOMEM);
    *s = ws->s;
    c->session_set = true;
    return WARD_OK;
}

int ward_session_export(const ward_session *ws, uint8_t *buf, size_t cap, size_t *len)
{
    ENSURE(ws && buf && len, WARD_E_INVALID_ARGUMENT);
    return session_encode(&ws->s, buf, cap, len);
}

int ward_session_import(const uint8_t *buf, size_t len, ward_session **out)
{
    ENSURE(buf && out, WARD_E_INVALID_ARGUMENT);
    ward_session *ws = calloc(1, sizeof *ws);
    ENSURE(ws, WARD_E_NOMEM);
    int rc = session_decode(buf, len, &ws->s);
    if (rc != WARD_OK) {
        session_api_free(ws);
        return rc;
    }
    *out = ws;
    return WARD_OK;
}

int ward_conn_resumed(const ward_conn *c)
{
    return c ? c->resumed : 0;
}
