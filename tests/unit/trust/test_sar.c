/* Subject access, on both stores: the bundle holds the person, their records, the front door's case notes,
 * drafts about them and every opening of their record (break-glass reasons included);
 * another child's notes and drafts stay out; staff and names in free text are listed for
 * redaction review; the summary page escapes what it shows. */
#include "teststore.h"

#include <jansson.h>

#include "store/audit.h"
#include "store/casework.h"
#include "store/db.h"
#include "store/documents.h"
#include "store/notes.h"
#include "store/people.h"
#include "store/stages.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/workflow.h"
#include "trust/sar.h"
#include "store/voice.h"
#include "store/early_help.h"
#include "store/missing.h"
#include "store/panels.h"
#include "store/privfost.h"

/* A fresh store, and the folder the bundle is written to. */
struct fx {
    char *dir;
    struct test_db t;
    struct store *s;
    char out[600];
};

#include "testfixture.h"

static int setup(void **state)
{
    struct fx *f = fx_new("s.db");
    snprintf(f->out, sizeof f->out, "%s/bundle", f->dir);
    *state = f;
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    return s;
}

static void test_bundle(void **state)
{
    struct fx *f = *state;
    struct store *s = f->s;
    const char *out = f->out;
    struct err e;
    err_clear(&e);
    int64_t uid, mid;
    bool found;
    struct cw_user u;
    assert_int_equal(cw_user_add(s, "fd", "Fran Door", ROLE_FRONT_DOOR, "Front Door", "h", 1, &uid, &e), HE_OK);
    assert_int_equal(cw_user_add(s, "tm", "Tom Manager", ROLE_TEAM_MANAGER, "Front Door", "h", 1, &mid, &e), HE_OK);
    assert_int_equal(cw_user_by_id(s, uid, &u, &found, &e), HE_OK);
    day_t d = date_from_ymd(2025, 6, 2);
    struct cw_new_child nc = {.given = "Ada", .family = "Lovelace", .dob = date_from_ymd(2015, 3, 1), .sex = "F"};
    rec_id child, contact, other, ocontact;
    assert_int_equal(cw_record_contact(s, &u, 0, 0, &nc, d, "1A",
                                       "Ada told her teacher that Mr Jones hit her. <script>alert(1)</script> Ada is scared.",
                                       1000, &child, &contact, &e), HE_OK);
    struct cw_new_child nc2 = {.given = "Bob", .family = "Other", .dob = date_from_ymd(2016, 1, 1), .sex = "M"};
    assert_int_equal(cw_record_contact(s, &u, 0, 0, &nc2, d, "1A", "Not about Ada at all, from Mrs Smith.", 1001,
                                       &other, &ocontact, &e), HE_OK);
    char key[64];
    snprintf(key, sizeof key, "/children/%lld/assessments/new", (long long)child);
    assert_int_equal(cw_draft_put(s, uid, key, "factors=2A&note=half+written", 1100, &e), HE_OK);
    snprintf(key, sizeof key, "/children/%lld/assessments/new", (long long)other);
    assert_int_equal(cw_draft_put(s, uid, key, "factors=3A", 1100, &e), HE_OK);
    /* drafts of the new-contact form, one per worker: who they are about is only in the body */
    static const struct { const char *body; bool about_ada; } loose[] = {
        {"given=Ada&family=Lovelace&dob-day=1&dob-month=3&dob-year=2015&concerns=loose-by-name-dob", true},
        {"given=+ada+&family=LOVELACE&dob-day=&dob-month=&dob-year=&concerns=loose-by-name-only", true},
        {"given=Ada&family=Lovelace&dob-day=2&dob-month=3&dob-year=2015&concerns=loose-other-dob", false},
        {"given=Bob&family=Other&concerns=loose-bob", false},
        {"child=CHILD&concerns=loose-from-record", true},
        {"given=Zed&family=Else&nhs=943+476+5919&concerns=loose-nhs", true},
    };
    assert_int_equal(DB_RUN(store_db(s), &e, "UPDATE person SET nhs_number = '9434765919' WHERE id = ?", DB_I(child)),
                     HE_OK);
    for (size_t k = 0; k < sizeof loose / sizeof loose[0]; k++) {
        char name[16], body[200];
        int64_t w;
        snprintf(name, sizeof name, "w%zu", k);
        assert_int_equal(cw_user_add(s, name, "Loose Worker", ROLE_FRONT_DOOR, "Front Door", "h", 1, &w, &e), HE_OK);
        snprintf(body, sizeof body, "%s", loose[k].body);
        char *c = strstr(body, "CHILD");
        if (c)
            snprintf(c, sizeof body - (size_t)(c - body), "%lld&concerns=loose-from-record", (long long)child);
        assert_int_equal(cw_draft_put(s, w, "/contacts/new", body, 1150, &e), HE_OK);
    }
    assert_int_equal(store_begin(s, &e), HE_OK);
    assert_int_equal(audit_append(s, uid, child, "record", NULL, 1200, &e), HE_OK);
    assert_int_equal(audit_append(s, mid, child, "record", "Police request out of hours", 1300, &e), HE_OK);
    assert_int_equal(audit_append(s, mid, other, "record", NULL, 1300, &e), HE_OK);
    assert_int_equal(store_commit(s, &e), HE_OK);

    /* a member of the family network, recorded on the stage form: a third party */
    int64_t ver = 0;
    assert_int_equal(cw_version(s, child, &ver, &e), HE_OK);
    struct st_relative gran = {.given = "Grace", .family = "Hopper", .dob = date_from_ymd(1950, 12, 9)};
    assert_int_equal(st_relationship_add(s, child, ver, &gran, "GRANDPARENT", 0, &e), HE_OK);

    /* a case note on Ada's and Bob's records, amended once; and one on Bob's alone */
    struct note_in in = {.kind = "home_visit", .day = date_from_ymd(2025, 6, 20), .minute = 600,
                         .present = "Mrs Lovelace, Ada, Bob", .seen = 1, .seen_alone = 1,
                         .body = "Ada said Mr Jones visits often.", .significant = true};
    rec_id both[2] = {child, other};
    int64_t nid, bid;
    assert_int_equal(notes_add(s, &u, &in, both, 2, 1400, &nid, &e), HE_OK);
    in.body = "Ada said Mr Jones visits on Sundays.";
    assert_int_equal(notes_amend(s, &u, nid, 1, &in, 1500, &e), HE_OK);
    /* Ada's own words, recorded on the visit */
    struct voice_in vin = {.note = nid, .how = "said", .words = "I like Sundays with Nan."};
    int64_t vid;
    assert_int_equal(voice_add(s, &u, child, &vin, 1450, &vid, &e), HE_OK);
    in.body = "Only about Bob, from Mr Brown.";
    assert_int_equal(notes_add(s, &u, &in, &other, 1, 1600, &bid, &e), HE_OK);

    /* the work on the child: a task, an authorisation returned with a reason, a transfer */
    static const struct wf_kind note_kind = {"sar_test_note", "Note", NULL, NULL, NULL};
    if (!wf_kind_get(note_kind.key))
        assert_int_equal(wf_kind_add(&note_kind, &e), HE_OK);
    struct cw_user tm;
    int64_t tid, rid, sw;
    assert_int_equal(cw_user_by_id(s, mid, &tm, &found, &e), HE_OK);
    assert_int_equal(wf_task_add(s, &u, child, uid, "Call the school", d + 7, 1400, &tid, &e), HE_OK);
    assert_int_equal(wf_request_add(s, &u, "sar_test_note", child, 1, "Please look", 1410, &rid, &e), HE_OK);
    assert_int_equal(wf_decide(s, &tm, rid, false, "Ask Mrs Brown first", d + 1, 1420, &e), HE_OK);
    assert_int_equal(cw_user_add(s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "Assessment North", "h", 1, &sw, &e), HE_OK);
    struct cw_user swu;
    assert_int_equal(cw_user_by_id(s, sw, &swu, &found, &e), HE_OK);
    assert_int_equal(cw_version(s, child, &ver, &e), HE_OK);
    assert_int_equal(wf_transfer(s, &tm, child, ver, swu.team_id, "Needs an assessment.", d + 2, 1430, &e), HE_OK);

    struct sar_summary sum;
    /* the child as a person: a detail, an address, a professional, and the changes */
    assert_int_equal(cw_version(s, child, &ver, &e), HE_OK);
    assert_int_equal(people_set(s, child, ver, uid, 1500, "language", "Welsh", 0, &e), HE_OK);
    assert_int_equal(cw_version(s, child, &ver, &e), HE_OK);
    assert_int_equal(people_address_add(s, child, ver, uid, 1501, "3 Bay Road, Cardiff", "CF10 1AA",
                                        date_from_ymd(2024, 1, 1), &e), HE_OK);
    assert_int_equal(cw_version(s, child, &ver, &e), HE_OK);
    struct people_professional pro = {.role = "Health visitor", .name = "Kim Nurse", .agency = "NHS",
                                      .contact = "0290", .start = date_from_ymd(2024, 2, 1)};
    assert_int_equal(people_professional_add(s, child, ver, uid, 1502, &pro, &e), HE_OK);
    assert_int_equal(cw_version(s, child, &ver, &e), HE_OK);
    assert_int_equal(people_alert_add(s, child, ver, uid, 1503, "STAFF_RISK", "Dog at the house",
                                      date_from_ymd(2024, 3, 1), DAY_NONE, &e), HE_OK);
    assert_int_equal(sar_write(s, child, out, date_from_ymd(2025, 7, 1), 2000, &sum, &e), HE_OK);
    assert_int_equal(sum.case_notes, 1);
    assert_int_equal(sum.note_versions, 2);
    assert_int_equal(sum.notes, 1);
    assert_int_equal(sum.drafts, 5); /* the assessment's, and four new-contact drafts */
    assert_int_equal(sum.views, 2);
    assert_true(sum.records >= 1);
    assert_true(sum.events >= 1);

    char jp[700];
    snprintf(jp, sizeof jp, "%s/subject-access.json", out);
    json_error_t je;
    json_t *root = json_load_file(jp, 0, &je);
    assert_non_null(root);
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "subject"), "family_name")), "Lovelace");
    json_t *voice = json_object_get(root, "voice");
    assert_int_equal(json_array_size(voice), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(voice, 0), "words")), "I like Sundays with Nan.");
    assert_true(json_is_true(json_object_get(json_object_get(json_array_get(voice, 0), "recorded_by"), "third_party")));
    assert_int_equal(json_array_size(json_object_get(root, "audits")), 0);
    json_t *notes = json_object_get(root, "case_notes");
    assert_int_equal(json_array_size(notes), 1);
    json_t *n0 = json_array_get(notes, 0);
    assert_non_null(strstr(json_string_value(json_object_get(n0, "concerns")), "Mr Jones"));
    json_t *by = json_object_get(n0, "recorded_by");
    assert_string_equal(json_string_value(json_object_get(by, "name")), "Fran Door");
    assert_true(json_is_true(json_object_get(by, "third_party")));
    /* names in free text: Jones (and Mr) marked; the subject's own name is not */
    json_t *names = json_object_get(n0, "possible_third_party_names");
    bool jones = false, ada = false;
    size_t i;
    json_t *v;
    json_array_foreach(names, i, v) {
        jones = jones || !strcmp(json_string_value(v), "Jones");
        ada = ada || !strcmp(json_string_value(v), "Ada");
    }
    assert_true(jones);
    assert_false(ada);
    /* the stage forms' records are in it, the family network's names marked for review */
    json_t *precs = json_object_get(root, "records");
    assert_string_equal(json_string_value(json_object_get(json_object_get(precs, "details"), "language")), "Welsh");
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(precs, "addresses"), 0),
                                                          "postcode")), "CF10 1AA");
    json_t *kim = json_object_get(json_array_get(json_object_get(precs, "professionals"), 0), "person");
    assert_string_equal(json_string_value(json_object_get(kim, "name")), "Kim Nurse");
    assert_true(json_is_true(json_object_get(kim, "third_party")));
    assert_int_equal(json_array_size(json_object_get(precs, "details_changes")), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(precs, "alerts"), 0),
                                                          "reason")), "Dog at the house");
    json_t *family = json_object_get(json_object_get(root, "records"), "family_network");
    assert_int_equal(json_array_size(family), 1);
    json_t *g = json_object_get(json_array_get(family, 0), "person");
    assert_string_equal(json_string_value(json_object_get(g, "name")), "Grace Hopper");
    assert_true(json_is_true(json_object_get(g, "third_party")));
    assert_non_null(json_object_get(json_object_get(root, "records"), "statutory_visits"));
    json_t *cn = json_object_get(root, "casework_notes");
    assert_int_equal(json_array_size(cn), 1);
    json_t *vers = json_object_get(json_array_get(cn, 0), "versions");
    assert_int_equal(json_array_size(vers), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(vers, 0), "text")),
                        "Ada said Mr Jones visits often.");
    assert_string_equal(json_string_value(json_object_get(json_array_get(vers, 1), "text")),
                        "Ada said Mr Jones visits on Sundays.");
    assert_true(json_is_true(json_object_get(json_array_get(vers, 1), "seen_alone")));
    assert_true(json_is_true(json_object_get(json_object_get(json_array_get(vers, 1), "written_by"), "third_party")));
    assert_int_equal(json_integer_value(json_object_get(json_array_get(cn, 0), "also_on_the_records_of_other_children")), 1);
    /* the other child's note and draft are not in this bundle */
    char *text = slurp(jp);
    assert_null(strstr(text, "Mrs Smith"));
    assert_null(strstr(text, "Mr Brown")); /* Bob's own case note */
    assert_null(strstr(text, "factors=3A"));
    assert_non_null(strstr(text, "half+written"));
    for (size_t k = 0; k < sizeof loose / sizeof loose[0]; k++) {
        const char *mark = strstr(loose[k].body, "loose-");
        assert_true((strstr(text, mark) != NULL) == loose[k].about_ada);
    }
    assert_non_null(strstr(text, "check it is about them before disclosing"));
    assert_non_null(strstr(text, "their NHS number"));
    free(text);
    json_t *log = json_object_get(root, "access_log");
    assert_int_equal(json_array_size(log), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(log, 1), "break_glass_reason")),
                        "Police request out of hours");
    /* review: recorded_by, the concerns, the draft's worker, two viewers */
    json_t *work = json_object_get(root, "work");
    assert_int_equal(json_array_size(json_object_get(work, "tasks")), 1);
    json_t *t0 = json_array_get(json_object_get(work, "tasks"), 0);
    assert_string_equal(json_string_value(json_object_get(t0, "title")), "Call the school");
    assert_true(json_is_true(json_object_get(json_object_get(t0, "set_by"), "third_party")));
    json_t *a0 = json_array_get(json_object_get(work, "authorisations"), 0);
    assert_string_equal(json_string_value(json_object_get(a0, "state")), "returned");
    assert_string_equal(json_string_value(json_object_get(a0, "comment")), "Ask Mrs Brown first");
    assert_string_equal(json_string_value(json_object_get(json_object_get(a0, "decided_by"), "name")), "Tom Manager");
    json_t *m0 = json_array_get(json_object_get(work, "team_moves"), 0);
    assert_string_equal(json_string_value(json_object_get(m0, "kind")), "transfer");
    assert_string_equal(json_string_value(json_object_get(m0, "to")), "Assessment North");
    assert_string_equal(json_string_value(json_object_get(m0, "summary")), "Needs an assessment.");
    json_t *review = json_object_get(root, "redaction_review");
    assert_int_equal((int)json_array_size(review), sum.review_items);
    assert_true(sum.review_items >= 5);
    assert_string_equal(json_string_value(json_object_get(json_object_get(root, "retention"), "rule")), "Contact or early help only");
    json_decref(root);

    char hp[700];
    snprintf(hp, sizeof hp, "%s/subject-access.html", out);
    char *page = slurp(hp);
    assert_null(strstr(page, "<script>"));
    assert_non_null(strstr(page, "&lt;script&gt;"));
    assert_non_null(strstr(page, "<mark>Fran Door</mark>"));
    free(page);

    /* an unknown person changes nothing and says so */
    assert_int_equal(sar_write(s, 999999, out, d, 2000, &sum, &e), HE_INPUT);
}

/* One document of n bytes from a temporary file; its id. */
static int64_t add_doc(struct store *s, rec_id child, int64_t by, const char *name, const unsigned char *p, size_t n)
{
    char path[] = "/tmp/hearth-sar-doc-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    struct doc_in in = {.person = child, .name = name, .kind = "pdf", .fd = fd, .size = (int64_t)n};
    int64_t id;
    struct err e;
    assert_int_equal(doc_add(s, &in, by, 5000, &id, &e), HE_OK);
    close(fd);
    return id;
}

/* Documents travel in the bundle: each one's bytes as a file of its own, the same bytes;
 * one whose stored bytes no longer match its hash is listed and not copied; another child's
 * stay out. */
static void test_documents(void **state)
{
    struct fx *f = *state;
    struct store *s = f->s;
    const char *out = f->out;
    struct err e;
    err_clear(&e);
    int64_t uid;
    bool found;
    struct cw_user u;
    assert_int_equal(cw_user_add(s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "h", 1, &uid, &e), HE_OK);
    assert_int_equal(cw_user_by_id(s, uid, &u, &found, &e), HE_OK);
    day_t d = date_from_ymd(2025, 6, 2);
    struct cw_new_child nc = {.given = "Ada", .family = "Lovelace", .dob = date_from_ymd(2015, 3, 1), .sex = "F"};
    struct cw_new_child nc2 = {.given = "Bob", .family = "Other", .dob = date_from_ymd(2016, 1, 1), .sex = "M"};
    rec_id child, other, contact;
    assert_int_equal(cw_record_contact(s, &u, 0, 0, &nc, d, "1A", "x", 1000, &child, &contact, &e), HE_OK);
    assert_int_equal(cw_record_contact(s, &u, 0, 0, &nc2, d, "1A", "y", 1001, &other, &contact, &e), HE_OK);
    size_t n = DOC_CHUNK + 99;
    unsigned char *bytes = malloc(n);
    for (size_t i = 0; i < n; i++)
        bytes[i] = (unsigned char)(i * 7 + (i >> 9));
    int64_t good = add_doc(s, child, uid, "../Letter.pdf", bytes, n);
    int64_t bad = add_doc(s, child, uid, "Damaged.pdf", bytes, 100);
    add_doc(s, other, uid, "Bob's.pdf", bytes, 50);
    struct db_stmt *st;
    assert_int_equal(db_prepare(store_db(s), "UPDATE document_chunk SET data = ? WHERE document_id = ?", &st, &e), HE_OK);
    db_bind_blob(st, 1, bytes + 1, 100);
    db_bind_int(st, 2, bad);
    assert_int_equal(db_step(st, &e), DB_DONE);
    db_finalize(st);
    struct sar_summary sum;
    assert_int_equal(sar_write(s, child, out, d, 2000000000, &sum, &e), HE_OK);
    assert_int_equal(sum.documents, 2);
    char path[800];
    snprintf(path, sizeof path, "%s/subject-access.json", out);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    assert_non_null(root);
    json_t *docs = json_object_get(root, "documents");
    assert_int_equal(json_array_size(docs), 2);
    int seen = 0;
    size_t i;
    json_t *v;
    json_array_foreach(docs, i, v) {
        int64_t id = json_integer_value(json_object_get(v, "id"));
        assert_true(id == good || id == bad);
        assert_string_equal(json_string_value(json_object_get(json_object_get(v, "added_by"), "name")), "Sam Worker");
        if (id == bad) {
            assert_false(json_boolean_value(json_object_get(v, "intact")));
            assert_true(json_is_null(json_object_get(v, "file")));
            snprintf(path, sizeof path, "%s/documents/%lld-Damaged.pdf", out, (long long)bad);
            assert_int_not_equal(access(path, F_OK), 0);
            seen |= 1;
            continue;
        }
        assert_true(json_boolean_value(json_object_get(v, "intact")));
        const char *file = json_string_value(json_object_get(v, "file"));
        char want[64];
        snprintf(want, sizeof want, "documents/%lld-..%sLetter.pdf", (long long)good, "_");
        assert_string_equal(file, want); /* the stored name's slash never makes a path */
        snprintf(path, sizeof path, "%s/%s", out, file);
        FILE *copy = fopen(path, "rb");
        assert_non_null(copy);
        unsigned char *back = malloc(n + 1);
        assert_int_equal(fread(back, 1, n + 1, copy), n);
        fclose(copy);
        assert_memory_equal(back, bytes, n);
        free(back);
        seen |= 2;
    }
    assert_int_equal(seen, 3);
    json_decref(root);
    snprintf(path, sizeof path, "%s/subject-access.html", out);
    char *html = slurp(path);
    assert_non_null(strstr(html, "<h2>Documents</h2>"));
    assert_non_null(strstr(html, "not copied: the document stored no longer matches its SHA-256"));
    assert_null(strstr(html, "Bob&#39;s.pdf"));
    assert_null(strstr(html, "Bob's.pdf"));
    free(html);
    free(bytes);
}

/* The wider service's records are the child's too: early help with its lead professional,
 * missing episodes, panels with their minutes; staff and professionals are put to the
 * reviewer; another child's stay out. */
static void test_wider_service(void **state)
{
    struct fx *f = *state;
    struct store *s = f->s;
    const char *out = f->out;
    struct err e;
    err_clear(&e);
    int64_t uid, mid;
    bool found;
    struct cw_user u, tm;
    assert_int_equal(cw_user_add(s, "sw", "Sam Worker", ROLE_SOCIAL_WORKER, "North", "h", 1, &uid, &e), HE_OK);
    assert_int_equal(cw_user_add(s, "tm", "Tia Manager", ROLE_TEAM_MANAGER, "North", "h", 1, &mid, &e), HE_OK);
    assert_int_equal(cw_user_by_id(s, uid, &u, &found, &e), HE_OK);
    assert_int_equal(cw_user_by_id(s, mid, &tm, &found, &e), HE_OK);
    day_t d = date_from_ymd(2025, 6, 2), today = date_from_ymd(2025, 7, 1);
    struct cw_new_child nc = {.given = "Ada", .family = "Lovelace", .dob = date_from_ymd(2015, 3, 1), .sex = "F"};
    struct cw_new_child nc2 = {.given = "Bob", .family = "Other", .dob = date_from_ymd(2016, 1, 1), .sex = "M"};
    rec_id child, other, contact, ep;
    assert_int_equal(cw_record_contact(s, &u, 0, 0, &nc, d, "1A", "x", 1000, &child, &contact, &e), HE_OK);
    assert_int_equal(cw_record_contact(s, &u, 0, 0, &nc2, d, "1A", "y", 1001, &other, &contact, &e), HE_OK);
    int64_t v = 0;
    struct eh_person lead = {.name = "Lena Lead", .role = "School nurse", .agency = "FAMILY_HUB"};
    assert_int_equal(cw_version(s, child, &v, &e), HE_OK);
    assert_int_equal(eh_open(s, &u, child, v, d + 1, "direct", 0, &lead, 1002, &ep, &e), HE_OK);
    struct mis_new m = {.start = d + 2, .end = d + 3, .kind = "M"};
    assert_int_equal(cw_version(s, child, &v, &e), HE_OK);
    assert_int_equal(mis_record(s, &u, child, v, &m, today, 1003, NULL, &e), HE_OK);
    assert_int_equal(cw_version(s, other, &v, &e), HE_OK);
    assert_int_equal(mis_record(s, &u, other, v, &m, today, 1004, NULL, &e), HE_OK);
    int64_t rid, meeting;
    assert_int_equal(pn_refer(s, &tm, child, "edge_of_care", d + 4, "The family is at breaking point", today, 1005,
                              &rid, &e), HE_OK);
    struct pn_meeting_in in = {.day = d + 6, .decision = "support", .minutes = "Agreed support; Mr Smith to attend",
                               .next_review = DAY_NONE};
    assert_int_equal(pn_meeting_add(s, &tm, child, rid, &in, today, 1006, &meeting, &e), HE_OK);
    /* private fostering: Ada's with a visit, Bob's his own */
    struct pf_new pfn = {d + 7, "school", d + 1, false, {NULL, "Gina", "Carer"}};
    int64_t arr;
    assert_int_equal(cw_version(s, child, &v, &e), HE_OK);
    assert_int_equal(pf_notify(s, &u, child, v, &pfn, today, 1007, &arr, &e), HE_OK);
    assert_int_equal(cw_version(s, child, &v, &e), HE_OK);
    assert_int_equal(pf_visit(s, &u, child, v, arr, d + 9, true, today, 1008, &e), HE_OK);
    assert_int_equal(cw_version(s, other, &v, &e), HE_OK);
    assert_int_equal(pf_notify(s, &u, other, v, &pfn, today, 1009, NULL, &e), HE_OK);
    struct sar_summary sum;
    assert_int_equal(sar_write(s, child, out, today, 2000000000, &sum, &e), HE_OK);
    char path[800];
    snprintf(path, sizeof path, "%s/subject-access.json", out);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    assert_non_null(root);
    json_t *eh = json_object_get(root, "early_help");
    assert_int_equal(json_array_size(eh), 1);
    json_t *lp = json_object_get(json_array_get(eh, 0), "lead_professional");
    assert_string_equal(json_string_value(json_object_get(lp, "name")), "Lena Lead");
    assert_true(json_is_true(json_object_get(lp, "third_party")));
    json_t *mis = json_object_get(root, "missing_episodes");
    assert_int_equal(json_array_size(mis), 1); /* Bob's is his */
    assert_string_equal(json_string_value(json_object_get(json_array_get(mis, 0), "start")), "2025-06-04");
    json_t *pn = json_object_get(root, "panels");
    assert_int_equal(json_array_size(pn), 1);
    json_t *p0 = json_array_get(pn, 0);
    assert_string_equal(json_string_value(json_object_get(p0, "panel")), "edge_of_care");
    json_t *meetings = json_object_get(p0, "meetings");
    assert_int_equal(json_array_size(meetings), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(meetings, 0), "minutes")),
                        "Agreed support; Mr Smith to attend");
    assert_int_equal(json_array_size(json_object_get(root, "exploitation_screenings")), 0);
    json_t *pf = json_object_get(root, "private_fostering");
    assert_int_equal(json_array_size(pf), 1); /* Bob's is his */
    json_t *pf0 = json_array_get(pf, 0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(pf0, "carer"), "name")), "Gina Carer");
    assert_true(json_is_true(json_object_get(json_object_get(pf0, "carer"), "third_party")));
    assert_string_equal(json_string_value(json_object_get(pf0, "notified")), "2025-06-09");
    assert_int_equal(json_array_size(json_object_get(pf0, "visits")), 1);
    assert_true(json_is_array(json_object_get(root, "hub")));
    /* the lead professional, the panel's minutes and who referred are put to the reviewer */
    int lead_review = 0, minutes_review = 0, referrer_review = 0, carer_review = 0;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(root, "redaction_review"), i, r) {
        const char *w = json_string_value(json_object_get(r, "where"));
        lead_review += !strcmp(w, "early_help[0].lead");
        minutes_review += !strcmp(w, "panels[0].meetings[0].minutes");
        referrer_review += !strcmp(w, "panels[0].referred_by");
        carer_review += !strcmp(w, "private_fostering[0].carer");
    }
    assert_int_equal(carer_review, 1);
    assert_int_equal(lead_review, 1);
    assert_int_equal(minutes_review, 1);
    assert_int_equal(referrer_review, 1);
    json_decref(root);
    snprintf(path, sizeof path, "%s/subject-access.html", out);
    char *html = slurp(path);
    assert_non_null(strstr(html, "<h2>Early help, missing episodes, private fostering, panels and court</h2>"));
    assert_non_null(strstr(html, "Carer <mark>Gina Carer</mark>; 1 visits"));
    assert_non_null(strstr(html, "Edge of Care"));
    assert_non_null(strstr(html, "Lena Lead"));
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test_setup_teardown(test_bundle, setup, teardown),
                                        cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
                                        cmocka_unit_test_setup_teardown(test_wider_service, setup, teardown)};
    return RUN_ON_BOTH_STORES(backend, "subject access", tests, NULL, NULL);
}
