/*
 * io/utf8.h — the one rule for text that is not UTF-8. Every output
 * liaison writes (JSON, CSV, DOT, GraphML, HTML) is UTF-8, and JSON, DOT
 * and HTML readers refuse or mangle anything else; so text is checked as
 * RFC 3629 defines UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF), and text that fails is read as Latin-1 (Windows exports of
 * rosters and calendars often are), each byte of 0x80 or over becoming
 * the character of that number. Calendar files are converted whole
 * (io/load_files.c), CSV fields one by one (io/csvtable.c), and the
 * outputs convert whatever else reaches them (file names, viz/compare.h
 * lsn_json_text).
 */
#ifndef LSN_IO_UTF8_H
#define LSN_IO_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/**
 * Whether the n bytes at s are UTF-8 (RFC 3629). NUL bytes count as
 * characters. ASCII is checked sixty-four bytes a step.
 */
bool lsn_utf8_valid(const char *s, size_t n);

/** The length of the n bytes at s read as Latin-1 (n plus one per byte of 0x80 or over). */
size_t lsn_latin1_utf8_len(const char *s, size_t n);

/**
 * Write the n bytes at s read as Latin-1 to out, which has room for
 * lsn_latin1_utf8_len(s, n) + 1 bytes, and NUL-terminate it.
 * @return the length written
 */
size_t lsn_latin1_to_utf8(char *out, const char *s, size_t n);

/**
 * lsn_latin1_to_utf8() in place: the n bytes at buf, which has room for
 * lsn_latin1_utf8_len(buf, n) + 1 bytes, become their Latin-1 reading,
 * NUL-terminated (each byte moves right by the high bytes before it, so
 * the copy runs from the end).
 * @return the length written
 */
size_t lsn_latin1_to_utf8_in_place(char *buf, size_t n);

#endif
