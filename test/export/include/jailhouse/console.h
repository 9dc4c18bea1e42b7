/* rtcell test declarations: the Jailhouse console descriptor (documented format). */
#ifndef RTCELL_TEST_JAILHOUSE_CONSOLE_H
#define RTCELL_TEST_JAILHOUSE_CONSOLE_H

#define JAILHOUSE_CON_TYPE_NONE		0x0000
#define JAILHOUSE_CON_TYPE_8250		0x0001
#define JAILHOUSE_CON_TYPE_PL011	0x0002
#define JAILHOUSE_CON_TYPE_XUARTPS	0x0003

#define JAILHOUSE_CON_ACCESS_PIO	0x0000
#define JAILHOUSE_CON_ACCESS_MMIO	0x0001
#define JAILHOUSE_CON_REGDIST_1		0x0000
#define JAILHOUSE_CON_REGDIST_4		0x0002

struct jailhouse_console {
	__u64 address;
	__u32 size;
	__u16 type;
	__u16 flags;
	__u32 divider;
	__u32 gate_nr;
	__u64 clock_reg;
} __attribute__((packed));

#endif
