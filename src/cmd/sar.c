/* cmd/sar: `hearth sar LACHILDID --out DIR` answers a subject access request: everything
 * hearth holds about one person, as a JSON bundle and a readable summary, with other
 * people's names marked for redaction review (trust/sar.c does the work). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "store/store.h"
#include "trust/sar.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: hearth sar LACHILDID --out DIR [--today YYYY-MM-DD] [--db PATH]\n"
            "\n"
            "Gather everything held about a person for a subject access request: their details,\n"
            "every record, the chronology, case notes and drafts, any legal hold, the retention\n"
            "rule, and every opening of their record in the access log. Writes\n"
            "DIR/subject-access.json and DIR/subject-access.html. Names of anyone else (staff,\n"
            "and capitalised words in free text) are marked for redaction review, not removed.\n");
}

int cmd_sar(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"out", required_argument, NULL, 'o'},
                                         {"today", required_argument, NULL, 't'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db = cmd_default_db(), *out = NULL, *today_s = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'o': out = optarg; break;
        case 't': today_s = optarg; break;
        case 'h': help(stdout); return HE_OK;
        default: help(stderr); return HE_USAGE;
        }
    }
    if (optind != argc - 1 || !out) {
        fprintf(stderr, "hearth sar: give one LACHILDID and --out DIR\n");
        help(stderr);
        return HE_USAGE;
    }
    time_t now = time(NULL);
    day_t today;
    if (today_s) {
        today = date_parse_iso(today_s, strlen(today_s));
        if (today == DAY_NONE) {
            fprintf(stderr, "hearth sar: --today must be a date as YYYY-MM-DD (not '%s')\n", today_s);
            return HE_USAGE;
        }
    } else {
        struct tm tm;
        gmtime_r(&now, &tm);
        today = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    struct err e;
    err_clear(&e);
    struct store *s;
    if (store_open(db, 0, &s, &e) != HE_OK)
        return cmd_fail("sar", &e);
    rec_id person = 0;
    int rc = store_find_person(s, argv[optind], &person, &e);
    if (rc == HE_OK && !person)
        rc = err_set(&e, HE_INPUT, "no person with LAchildID '%s'", argv[optind]);
    struct sar_summary sum;
    if (rc == HE_OK)
        rc = sar_write(s, person, out, today, (int64_t)now, &sum, &e);
    store_close(s);
    if (rc != HE_OK)
        return cmd_fail("sar", &e);
    printf("wrote %s/subject-access.json and subject-access.html: %d records, %d chronology "
           "entries, %d contact notes, %d case notes (%d versions), %d documents, %d drafts, %d openings of the "
           "record; %d items for redaction review\n",
           out, sum.records, sum.events, sum.notes, sum.case_notes, sum.note_versions, sum.documents, sum.drafts,
           sum.views, sum.review_items);
    return HE_OK;
}
