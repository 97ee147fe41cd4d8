/*
 * io/sort.h — sorting plain integer arrays: the comparators qsort() and
 * bsearch() take, an in-place sort for lists that mostly arrive sorted or
 * short, and a radix sort for long lists of keys with few significant bits
 * (the instances of a calendar by start).
 */
#ifndef LSN_IO_SORT_H
#define LSN_IO_SORT_H

#include <stddef.h>
#include <stdint.h>

/** Ascending order of int32_t / int64_t, for qsort() and bsearch(). */
int lsn_cmp_i32(const void *a, const void *b);
int lsn_cmp_i64(const void *a, const void *b);

/**
 * Sort v[0..n) ascending in place: one pass when it is sorted already,
 * insertion when it is short, qsort() otherwise.
 */
void lsn_sort_i32(int32_t *v, size_t n);
void lsn_sort_i64(int64_t *v, size_t n);

/**
 * Sort v[0..n) ascending: a radix sort, least significant digit first, 11
 * bits a pass and only as many passes as the largest value needs (three
 * for values below 2^33): O(n) per pass, whatever the order. tmp must hold
 * n values; its content is not kept.
 */
void lsn_sort_u64_radix(uint64_t *v, size_t n, uint64_t *tmp);

#endif
