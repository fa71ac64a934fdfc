/* store_findings: the findings an import kept with the records of a return (findings.h). */
#include "findings.h"

#include <string.h>

#include "store_impl.h"

int store_findings_replace(struct store *s, const char *const *files, size_t n_files,
                           const struct findings *f, struct err *e)
{
    struct db *d = store_db(s);
    int rc = HE_OK;
    for (size_t i = 0; rc == HE_OK && i < n_files; i++)
        rc = DB_RUN(d, e, "DELETE FROM return_finding WHERE file = ?", DB_T(files[i]));
    struct db_stmt *st = NULL;
    if (rc == HE_OK && f->n)
        rc = db_prepare(d,
                        "INSERT INTO return_finding (file, line, return_name, year, rule, level, "
                        "la_child_id, table_name, fields, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &st, e);
    for (size_t i = 0; rc == HE_OK && i < f->n; i++) {
        const struct finding *x = &f->v[i];
        db_reset(st);
        db_bind_text(st, 1, x->file ? x->file : "");
        db_bind_int(st, 2, x->line > 0 ? x->line : 0);
        db_bind_text(st, 3, rules_return_name(x->ret));
        db_bind_int(st, 4, x->year);
        db_bind_text(st, 5, x->rule);
        db_bind_text(st, 6, x->error ? "ERROR" : "QUERY");
        db_bind_text(st, 7, x->child);
        db_bind_text(st, 8, x->table);
        db_bind_text(st, 9, x->fields);
        db_bind_text(st, 10, x->message);
        int r = db_step(st, e);
        rc = r == DB_DONE ? HE_OK : r;
    }
    if (st)
        db_finalize(st);
    return rc;
}

int store_findings_load(struct store *s, enum rules_return which, int year, struct findings *out,
                        struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(store_db(s),
                        "SELECT file, line, rule, level, la_child_id, table_name, fields, message "
                        "FROM return_finding WHERE return_name = ? AND year = ? ORDER BY id",
                        &st, e);
    if (rc != HE_OK)
        return rc;
    db_bind_text(st, 1, rules_return_name(which));
    db_bind_int(st, 2, year);
    int r;
    while ((r = db_step(st, e)) == DB_ROW)
        findings_add(out, which, year, !strcmp(db_text(st, 3), "ERROR"), db_text(st, 2),
                     db_text(st, 4), db_text(st, 5), db_text(st, 6), db_text(st, 7),
                     db_text(st, 0), (long)db_int(st, 1));
    db_finalize(st);
    return r == DB_DONE ? HE_OK : r;
}
