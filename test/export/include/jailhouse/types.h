/*
 * rtcell test declarations: the integer types Jailhouse configurations use, for `gcc -fsyntax-only` checks of
 * exported configurations on the build machine. Written by the rtcell project from the documented format.
 */
#ifndef RTCELL_TEST_JAILHOUSE_TYPES_H
#define RTCELL_TEST_JAILHOUSE_TYPES_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#endif
