/*
 * io/anon.h — pseudonyms for `--anonymize SALT`: a keyed hash (HMAC-SHA-256
 * from libsodium) turns every email, person name, meeting UID and subject,
 * input path (and with --anonymize-teams every team and unit id) into a
 * short readable pseudonym such as `p-3f9a1c`, and an anonymized copy of the
 * organization and of its calendar is built right after loading, so that
 * every pass, explanation, diagram and table only ever sees pseudonyms.
 *
 * The pseudonym of a value v of kind k:
 *   HMAC-SHA-256(key = the salt bytes, message = tag(k) || 0x00 || v)
 * written as prefix(k) + "-" + the first L hex digits (lowercase), where
 *   kind     prefix tag        v
 *   person   p      "person"   a normalised email, an address outside the
 *                              roster, or a display name nobody in the
 *                              roster has (lowercased); a roster person's
 *                              name takes the pseudonym of their email
 *   group    g      "group"    a group address (normalised)
 *   meeting  m      "meeting"  a series UID; the series' subject takes the
 *                              pseudonym of its UID
 *   unit     t      "unit"     a team or unit id (only with --anonymize-teams;
 *                              the synthetic root "(org)" is kept)
 *   file     f      "file"     an input path as given
 *   text     x      "text"     any other word of a warning or error
 * The salt is the HMAC key as given (RFC 2104: a key longer than SHA-256's
 * 64-byte block is first hashed); the keyed state is computed once and the
 * salt itself is not kept. The same salt gives the same pseudonyms in every
 * run, scenario and command; another salt gives unrelated ones.
 *
 * Length and collisions: L is 6, or more when needed to tell values apart.
 * Values are registered first (lsn_anon_add_*); when a pseudonym is asked
 * for, every registered value of the kind that has none yet gets the
 * shortest prefix of at least 6 digits that no other registered value of
 * that kind shares (so two values whose first 6 digits collide both get 7 or
 * more, whatever the order they came in); a value never registered gets the
 * shortest prefix of at least 6 digits longer than its longest common prefix
 * with any value seen so far. A pseudonym once given never changes. They
 * are therefore always distinct within a kind, and the 6-digit form is the
 * same in every run unless such a collision happens in one of them (the
 * longer form still starts with it). The commands register everything they
 * load (every roster of a comparison too) before asking for any.
 *
 * Pseudonyms of pseudonyms: a value that already has the form of a
 * pseudonym of its kind (prefix, '-', 6 to 64 lowercase hex digits) is its
 * own pseudonym, so anonymizing an anonymized report changes nothing.
 *
 * Warnings and errors (lsn_anon_scrub): the loaders speak before the model
 * exists, so their messages are rewritten word by word; see lsn_anon_scrub.
 */
#ifndef LSN_IO_ANON_H
#define LSN_IO_ANON_H

#include "io/model.h"

#include <stdbool.h>
#include <stddef.h>

/** Shortest salt accepted (bytes): a short salt is easy to guess. */
#define LSN_ANON_MIN_SALT 8

/** Digits of a pseudonym when nothing collides. */
#define LSN_ANON_DIGITS 6

typedef enum lsn_anon_kind {
    LSN_ANON_PERSON = 0,
    LSN_ANON_GROUP,
    LSN_ANON_MEETING,
    LSN_ANON_UNIT,
    LSN_ANON_FILE,
    LSN_ANON_TEXT,
    LSN_ANON_KINDS
} lsn_anon_kind;

/**
 * HMAC-SHA-256 of msg under key (RFC 2104 / RFC 4231), through libsodium's
 * crypto_auth_hmacsha256_init/update/final; the primitive every pseudonym
 * is made with.
 *
 * @param[out] out the 32-byte tag
 * @return LSN_OK, or LSN_EINTERNAL when libsodium cannot be initialised.
 */
int lsn_anon_hmac_sha256(
    unsigned char out[32], const void *key, size_t keylen, const void *msg, size_t msglen);

typedef struct lsn_anon lsn_anon;

/**
 * A pseudonymizer keyed by salt.
 *
 * @param[out] out   the pseudonymizer (free with lsn_anon_free); NULL on failure
 * @param salt       the secret, at least LSN_ANON_MIN_SALT bytes; it is not kept
 * @param teams      also pseudonymize team and unit ids (--anonymize-teams)
 * @return LSN_OK; LSN_EINVAL "the --anonymize salt must be at least 8
 *         characters" (the message never contains the salt); LSN_ENOMEM;
 *         LSN_EINTERNAL when libsodium cannot be initialised.
 */
int lsn_anon_new(lsn_anon **out, const char *salt, bool teams);

/** Free the pseudonymizer; NULL is fine. */
void lsn_anon_free(lsn_anon *a);

/** Whether team and unit ids are pseudonymized. */
bool lsn_anon_teams(const lsn_anon *a);

/**
 * Register a value so that collisions are resolved over the whole set (see
 * the file comment). Person and group values are normalised (trimmed,
 * no mailto:, lowercase) first. Returns LSN_OK or LSN_ENOMEM.
 */
int lsn_anon_add(lsn_anon *a, lsn_anon_kind kind, const char *value);

/** Register every email of org (and its unit ids when teams). O(people + units). */
int lsn_anon_add_org(lsn_anon *a, const lsn_org *org);

/** Register every participant address, UID and input path of cal. O(participants + series). */
int lsn_anon_add_calendar(lsn_anon *a, const lsn_calendar *cal);

/**
 * The pseudonym of value (registered now when new); see "Length and
 * collisions" above.
 *
 * @return a string owned by a (it lives as long as a), or NULL when out of
 *         memory (with the message set). O(1) for a registered value, O(values
 *         of the kind) for one first seen after the first call.
 */
const char *lsn_anon_get(lsn_anon *a, lsn_anon_kind kind, const char *value);

/**
 * The 6-digit pseudonym of value, without registering it or looking at
 * collisions: what lsn_anon_scrub writes. Thread-safe (a is only read).
 *
 * @param[out] buf at least 3 + LSN_ANON_DIGITS bytes
 * @return buf
 */
char *lsn_anon_short(char *buf, const lsn_anon *a, lsn_anon_kind kind, const char *value);

/**
 * Whether s has the form of a pseudonym of kind (any kind for
 * LSN_ANON_KINDS): prefix, '-', 6 to 64 lowercase hex digits.
 */
bool lsn_anon_is_pseudonym(const char *s, lsn_anon_kind kind);

/**
 * The anonymized copy of org: same people, units and needs with the same
 * indices; emails and names become person pseudonyms, and with teams the
 * unit ids become unit pseudonyms and the unit names "". Register the org
 * (lsn_anon_add_org) first.
 *
 * @param[out] out the copy, owned by the caller
 * @return LSN_OK or LSN_ENOMEM.
 */
int lsn_anon_org(lsn_org **out, lsn_anon *a, const lsn_org *org);

/**
 * The anonymized copy of cal against aorg (lsn_anon_org of cal's org):
 * the same meetings, participant kinds and accounting, every address, UID,
 * subject and path replaced (lsn_calendar_rename). Register the calendar
 * first. Returns LSN_OK, LSN_EINVAL or LSN_ENOMEM.
 */
int lsn_anon_calendar(lsn_calendar **out,
                      lsn_anon *a,
                      const lsn_calendar *cal,
                      const lsn_org *aorg);

/**
 * Rewrite a warning or error message so that nothing taken from the input
 * survives, keeping what the program itself wrote:
 *  - a leading location "PATH:LINE: " (or "PATH: " when PATH holds a '/' or
 *    a '.') becomes "f-xxxxxx:LINE: ";
 *  - text in single or double quotes becomes a pseudonym inside the same
 *    quotes (a person's when it holds an '@', else a text one);
 *  - every other word (a run of letters, digits and . _ + - / @ or bytes
 *    above 127) is kept only when it is a word of the program's own
 *    messages or of the C library's error texts, a number or date, or
 *    already a pseudonym; a word with '@' becomes a person pseudonym, one
 *    with '/' a file pseudonym, any other a text pseudonym.
 * Spaces and punctuation are kept. Pseudonyms are the 6-digit form
 * (lsn_anon_short). Thread-safe.
 *
 * @param[out] out  the rewritten message, always NUL-terminated (cut at size)
 */
void lsn_anon_scrub(char *out, size_t size, const lsn_anon *a, const char *message);

#endif
