/* pq: libpq, PostgreSQL's client library, loaded when a PostgreSQL store is first opened
 * (util/dynlib.h says why). Include this instead of <libpq-fe.h>. db_pg.c loads it with
 * dynlib_load() before it connects, to say plainly when it is missing; PQconnectdb loads
 * it too, for the tests that connect by themselves. */
#ifndef HEARTH_PQ_H
#define HEARTH_PQ_H

#include <libpq-fe.h>

#include "../util/dynlib.h"

#define PQ_API_FUNCS(X) \
    X(PQclear) \
    X(PQcmdTuples) \
    X(PQconnectdb) \
    X(PQenterPipelineMode) \
    X(PQerrorMessage) \
    X(PQexec) \
    X(PQexecParams) \
    X(PQexecPrepared) \
    X(PQexitPipelineMode) \
    X(PQfinish) \
    X(PQfreemem) \
    X(PQgetCopyData) \
    X(PQgetResult) \
    X(PQgetisnull) \
    X(PQgetlength) \
    X(PQgetvalue) \
    X(PQnfields) \
    X(PQntuples) \
    X(PQpipelineSync) \
    X(PQprepare) \
    X(PQputCopyData) \
    X(PQputCopyEnd) \
    X(PQreset) \
    X(PQresultErrorField) \
    X(PQresultErrorMessage) \
    X(PQresultStatus) \
    X(PQsendQueryParams) \
    X(PQsendQueryPrepared) \
    X(PQsetNoticeProcessor) \
    X(PQstatus) \
    X(PQtransactionStatus) \
    X(PQunescapeBytea)

DYNLIB_TABLE(pq_api, PQ_API_FUNCS);

/* Filled by dynlib_load(&pq_lib); read only after it returned HE_OK. */
extern struct pq_api pq_api;
extern struct dynlib pq_lib;

/* PQconnectdb after loading the library (aborts when it cannot be loaded). */
PGconn *pq_connectdb(const char *conninfo);

/* Every call below goes through the table, written as the library's documentation writes
 * it (the file that fills the table defines PQ_API_NO_MACROS). */
#ifndef PQ_API_NO_MACROS
#define PQconnectdb(conninfo) pq_connectdb(conninfo)
#define PQclear (pq_api.PQclear)
#define PQcmdTuples (pq_api.PQcmdTuples)
#define PQenterPipelineMode (pq_api.PQenterPipelineMode)
#define PQerrorMessage (pq_api.PQerrorMessage)
#define PQexec (pq_api.PQexec)
#define PQexecParams (pq_api.PQexecParams)
#define PQexecPrepared (pq_api.PQexecPrepared)
#define PQexitPipelineMode (pq_api.PQexitPipelineMode)
#define PQfinish (pq_api.PQfinish)
#define PQfreemem (pq_api.PQfreemem)
#define PQgetCopyData (pq_api.PQgetCopyData)
#define PQgetResult (pq_api.PQgetResult)
#define PQgetisnull (pq_api.PQgetisnull)
#define PQgetlength (pq_api.PQgetlength)
#define PQgetvalue (pq_api.PQgetvalue)
#define PQnfields (pq_api.PQnfields)
#define PQntuples (pq_api.PQntuples)
#define PQpipelineSync (pq_api.PQpipelineSync)
#define PQprepare (pq_api.PQprepare)
#define PQputCopyData (pq_api.PQputCopyData)
#define PQputCopyEnd (pq_api.PQputCopyEnd)
#define PQreset (pq_api.PQreset)
#define PQresultErrorField (pq_api.PQresultErrorField)
#define PQresultErrorMessage (pq_api.PQresultErrorMessage)
#define PQresultStatus (pq_api.PQresultStatus)
#define PQsendQueryParams (pq_api.PQsendQueryParams)
#define PQsendQueryPrepared (pq_api.PQsendQueryPrepared)
#define PQsetNoticeProcessor (pq_api.PQsetNoticeProcessor)
#define PQstatus (pq_api.PQstatus)
#define PQtransactionStatus (pq_api.PQtransactionStatus)
#define PQunescapeBytea (pq_api.PQunescapeBytea)
#endif

#endif
