/* mhd: libmicrohttpd, loaded when `hearth serve` starts its server (util/dynlib.h says
 * why). Include this instead of <microhttpd.h>; server.c loads it with dynlib_load()
 * before MHD_start_daemon. */
#ifndef HEARTH_MHD_H
#define HEARTH_MHD_H

#include <microhttpd.h>

#include "../util/dynlib.h"

#define MHD_API_FUNCS(X) \
    X(MHD_add_response_header) \
    X(MHD_create_post_processor) \
    X(MHD_create_response_from_buffer) \
    X(MHD_create_response_from_callback) \
    X(MHD_create_response_from_fd) \
    X(MHD_destroy_post_processor) \
    X(MHD_destroy_response) \
    X(MHD_get_connection_info) \
    X(MHD_get_connection_values) \
    X(MHD_get_daemon_info) \
    X(MHD_lookup_connection_value) \
    X(MHD_post_process) \
    X(MHD_queue_response) \
    X(MHD_start_daemon) \
    X(MHD_stop_daemon)

DYNLIB_TABLE(mhd_api, MHD_API_FUNCS);

/* Filled by dynlib_load(&mhd_lib); read only after it returned HE_OK. */
extern struct mhd_api mhd_api;
extern struct dynlib mhd_lib;

/* Every call below goes through the table, written as the library's documentation writes
 * it (the file that fills the table defines MHD_API_NO_MACROS). */
#ifndef MHD_API_NO_MACROS
#define MHD_add_response_header (mhd_api.MHD_add_response_header)
#define MHD_create_post_processor (mhd_api.MHD_create_post_processor)
#define MHD_create_response_from_buffer (mhd_api.MHD_create_response_from_buffer)
#define MHD_create_response_from_callback (mhd_api.MHD_create_response_from_callback)
#define MHD_create_response_from_fd (mhd_api.MHD_create_response_from_fd)
#define MHD_destroy_post_processor (mhd_api.MHD_destroy_post_processor)
#define MHD_destroy_response (mhd_api.MHD_destroy_response)
#define MHD_get_connection_info (mhd_api.MHD_get_connection_info)
#define MHD_get_connection_values (mhd_api.MHD_get_connection_values)
#define MHD_get_daemon_info (mhd_api.MHD_get_daemon_info)
#define MHD_lookup_connection_value (mhd_api.MHD_lookup_connection_value)
#define MHD_post_process (mhd_api.MHD_post_process)
#define MHD_queue_response (mhd_api.MHD_queue_response)
#define MHD_start_daemon (mhd_api.MHD_start_daemon)
#define MHD_stop_daemon (mhd_api.MHD_stop_daemon)
#endif

#endif
