/* fd.h -- the socket adapter over the sans-I/O engine.
 *
 * The adapter keeps no state of its own: the socket is stored in the connection
 * through the two accessors below (implemented by the engine in conn.c), and
 * everything else goes through the public ward_conn_* functions.
 */
#ifndef WARD_IO_FD_H
#define WARD_IO_FD_H

#include "ward.h"

/* The attached socket, or -1 when none is attached. */
int conn_fd(const ward_conn *c);
/* Stores fd in the connection; WARD_OK or a negative ward_error. */
int conn_set_fd_internal(ward_conn *c, int fd);

#endif
