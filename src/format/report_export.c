/* format/report_export: the committee report as an .xlsx workbook (report_export.h). Numbers
 * are written as numbers (a blank cell where there is none), so the analyst's own charts
 * and sums work on them; text goes through worksheet_write_string, which escapes it. */
#include "report_export.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xlsx.h"

static void num(lxw_worksheet *ws, int row, int col, double v, lxw_format *f)
{
    if (!isnan(v))
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f);
}

static void str(lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
    if (s && *s)
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f);
}

int report_xlsx(const struct report *rp, const struct bench *b, const char *la_name,
                const char *const texts[REPORT_SECTIONS], const char *path, struct err *e)
{
    (void)b;
    int rc = dynlib_load(&xlsx_lib, e);
    if (rc != HE_OK)
        return rc;
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return err_at(e, HE_INTERNAL, path, 0, NULL, "cannot start the workbook");
    struct tm tm = {.tm_year = rp->year - 1900, .tm_mon = 2, .tm_mday = 31};
    char title[160];
    snprintf(title, sizeof title, "%s: performance, year to 31 March %d", la_name, rp->year);
    lxw_doc_properties props = {.title = title, .author = "hearth", .created = timegm(&tm)};
    workbook_set_properties(wb, &props);
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Report");
    static const char *const cols[] = {"Section", "Measure", "DfE measure", "Published year",
                                       "From the records", "Published", "Differs beyond rounding",
                                       "Statistical neighbours", "Region", "England", "Rank",
                                       "Of", "Band", "Previous year", "Previous", "Change",
                                       "Better or worse"};
    int ncols = (int)(sizeof cols / sizeof cols[0]);
    worksheet_write_string(ws, 0, 0, title, head);
    for (int c = 0; c < ncols; c++) {
        worksheet_write_string(ws, 2, (lxw_col_t)c, cols[c], head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 1 ? 48 : 14, NULL);
    }
    int row = 3;
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        const struct report_section *sec = &rp->s[s];
        for (int i = 0; i < sec->n; i++, row++) {
            const struct comparison *c = &sec->rows[i].c;
            str(ws, row, 0, sec->title, NULL);
            str(ws, row, 1, sec->rows[i].label, NULL);
            str(ws, row, 2, c->bm->code, NULL);
            str(ws, row, 3, c->series->year, NULL);
            num(ws, row, 4, c->map ? c->own : NAN, NULL);
            num(ws, row, 5, c->same_year ? c->published : NAN, NULL);
            str(ws, row, 6, c->gap ? "yes" : "", NULL);
            num(ws, row, 7, c->f.neighbours, NULL);
            num(ws, row, 8, c->f.region, NULL);
            num(ws, row, 9, c->f.england, NULL);
            num(ws, row, 10, c->f.rank ? c->f.rank : NAN, NULL);
            num(ws, row, 11, c->f.rank ? c->f.n_ranked : NAN, NULL);
            char q[2] = {c->f.quartile, 0};
            str(ws, row, 12, q, NULL);
            str(ws, row, 13, c->previous_year, NULL);
            num(ws, row, 14, c->previous, NULL);
            num(ws, row, 15, c->change, NULL);
            str(ws, row, 16, isnan(c->change) ? "" : c->better > 0 ? "better" : c->better < 0 ? "worse" : "no change or neither", NULL);
        }
    }

    lxw_worksheet *tr = workbook_add_worksheet(wb, "Trends");
    static const char *const tcols[] = {"Section", "Measure", "DfE measure", "Year", "Authority",
                                        "Statistical neighbours", "England"};
    for (int c = 0; c < 7; c++) {
        worksheet_write_string(tr, 0, (lxw_col_t)c, tcols[c], head);
        worksheet_set_column(tr, (lxw_col_t)c, (lxw_col_t)c, c == 1 ? 48 : 14, NULL);
    }
    row = 1;
    for (int s = 0; s < REPORT_SECTIONS; s++)
        for (int i = 0; i < rp->s[s].n; i++) {
            const struct report_row *rr = &rp->s[s].rows[i];
            for (int k = 0; k < rr->n_years; k++, row++) {
                str(tr, row, 0, rp->s[s].title, NULL);
                str(tr, row, 1, rr->label, NULL);
                str(tr, row, 2, rr->c.bm->code, NULL);
                str(tr, row, 3, rr->years[k], NULL);
                num(tr, row, 4, rr->self[k], NULL);
                num(tr, row, 5, rr->neighbours[k], NULL);
                num(tr, row, 6, rr->england[k], NULL);
            }
        }

    lxw_worksheet *cm = workbook_add_worksheet(wb, "Commentary");
    worksheet_write_string(cm, 0, 0, "Section", head);
    worksheet_write_string(cm, 0, 1, "Commentary", head);
    worksheet_set_column(cm, 0, 0, 20, NULL);
    worksheet_set_column(cm, 1, 1, 100, wrap);
    for (int s = 0; s < REPORT_SECTIONS; s++) {
        str(cm, s + 1, 0, rp->s[s].title, NULL);
        str(cm, s + 1, 1, texts[s], wrap);
    }
    lxw_error werr = workbook_close(wb);
    if (werr != LXW_NO_ERROR)
        return err_at(e, HE_INTERNAL, path, 0, NULL, "writing the workbook failed: %s",
                      lxw_strerror(werr));
    return HE_OK;
}
