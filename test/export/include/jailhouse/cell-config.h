/*
 * rtcell test declarations of the Jailhouse cell and system configuration format, written by the rtcell project from
 * the documented layout (include/jailhouse/cell-config.h of each target) so that exported configurations can be
 * checked with `gcc -fsyntax-only` without a Jailhouse tree. Only what configurations name is declared.
 *
 * Select the target with one macro:
 *   RTCELL_TARGET_MINERVA  Minerva/TUM coloring lineage: `architecture` byte, `colors` in every memory region,
 *                          JAILHOUSE_MEM_COLORED, platform_info.color/.memguard/.qos, QoS device list.
 *   RTCELL_TARGET_BU       Boston University fork: struct jailhouse_memory_colored array and
 *                          num_memory_regions_colored in the cell descriptor.
 *   (neither)              upstream Jailhouse v0.12 layout.
 */
#ifndef RTCELL_TEST_JAILHOUSE_CELL_CONFIG_H
#define RTCELL_TEST_JAILHOUSE_CELL_CONFIG_H

#include <jailhouse/console.h>

#if defined(RTCELL_TARGET_MINERVA) && defined(RTCELL_TARGET_BU)
#error "choose one target"
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define JAILHOUSE_CELL_NAME_MAXLEN	31

#if defined(RTCELL_TARGET_MINERVA)
#define JAILHOUSE_CONFIG_REVISION	14
#define JAILHOUSE_ARM64			2
#define JAILHOUSE_CELL_DESC_SIGNATURE	"JHCLL"
#define JAILHOUSE_SYSTEM_SIGNATURE	"JHSYS"
#define RTCELL_SIGNATURE_FIELDS		char signature[5]; __u8 architecture; __u16 revision;
#else
#define JAILHOUSE_CONFIG_REVISION	13
#define JAILHOUSE_CELL_DESC_SIGNATURE	"JHCELL"
#define JAILHOUSE_SYSTEM_SIGNATURE	"JHSYST"
#define RTCELL_SIGNATURE_FIELDS		char signature[6]; __u16 revision;
#endif

#define JAILHOUSE_CELL_PASSIVE_COMMREG			0x00000001
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED	0x40000000
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE		0x80000000

struct jailhouse_cell_desc {
	RTCELL_SIGNATURE_FIELDS
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	__u32 id;
	__u32 flags;
	__u32 cpu_set_size;
#if defined(RTCELL_TARGET_MINERVA)
	__u32 rcpu_set_size;
#endif
	__u32 num_memory_regions;
	__u32 num_cache_regions;
	__u32 num_irqchips;
	__u32 num_pio_regions;
	__u32 num_pci_devices;
	__u32 num_pci_caps;
	__u32 num_stream_ids;
#if defined(RTCELL_TARGET_MINERVA)
	__u32 num_qos_devices;
#endif
	__u32 vpci_irq_base;
	__u64 cpu_reset_address;
#if defined(RTCELL_TARGET_BU)
	__u32 num_memory_regions_colored;
#endif
	__u64 msg_reply_timeout;
	struct jailhouse_console console;
} __attribute__((packed));

#define JAILHOUSE_MEM_READ		0x0001
#define JAILHOUSE_MEM_WRITE		0x0002
#define JAILHOUSE_MEM_EXECUTE		0x0004
#define JAILHOUSE_MEM_DMA		0x0008
#define JAILHOUSE_MEM_IO		0x0010
#define JAILHOUSE_MEM_COMM_REGION	0x0020
#define JAILHOUSE_MEM_LOADABLE		0x0040
#define JAILHOUSE_MEM_ROOTSHARED	0x0080
#if defined(RTCELL_TARGET_MINERVA)
#define JAILHOUSE_MEM_COLORED		0x0200
#endif

struct jailhouse_memory {
	__u64 phys_start;
	__u64 virt_start;
	__u64 size;
	__u64 flags;
#if defined(RTCELL_TARGET_MINERVA)
	__u64 colors;
#endif
} __attribute__((packed));

#if defined(RTCELL_TARGET_BU)
struct jailhouse_memory_colored {
	struct jailhouse_memory memory;
	__u64 colors;
} __attribute__((packed));
#endif

struct jailhouse_irqchip {
	__u64 address;
	__u32 id;
	__u32 pin_base;
	__u32 pin_bitmap[4];
} __attribute__((packed));

#define JAILHOUSE_SYS_VIRTUAL_DEBUG_CONSOLE	0x0001

#if defined(RTCELL_TARGET_MINERVA)
#define JAILHOUSE_MAX_PMU2CPU_IRQ	8
#define FLAGS_HAS_REGUL			(1 << 1)
#define QOS_DEV_NAMELEN			15

struct jailhouse_coloring {
	__u64 way_size;
	__u64 root_map_offset;
} __attribute__((packed));

struct jailhouse_memguard_config {
	__u32 num_irqs;
	__u32 hv_timer;
	__u8 irq_prio_min;
	__u8 irq_prio_max;
	__u8 irq_prio_step;
	__u8 irq_prio_threshold;
	__u32 num_pmu_irq;
	__u32 pmu_cpu_irq[JAILHOUSE_MAX_PMU2CPU_IRQ];
} __attribute__((packed));

struct jailhouse_qos {
	__u64 nic_base;
	__u64 nic_size;
} __attribute__((packed));

struct jailhouse_qos_device {
	char name[QOS_DEV_NAMELEN];
	__u8 flags;
	__u32 base;
} __attribute__((packed));
#endif

struct jailhouse_system {
	RTCELL_SIGNATURE_FIELDS
	__u32 flags;
	struct jailhouse_memory hypervisor_memory;
	struct jailhouse_console debug_console;
	struct {
		__u64 pci_mmconfig_base;
		__u8 pci_mmconfig_end_bus;
		__u8 pci_is_virtual;
		__u16 pci_domain;
#if defined(RTCELL_TARGET_MINERVA)
		struct jailhouse_coloring color;
		struct jailhouse_memguard_config memguard;
		struct jailhouse_qos qos;
#endif
		union {
			struct {
				u8 maintenance_irq;
				u8 gic_version;
				u8 padding[2];
				u64 gicd_base;
				u64 gicc_base;
				u64 gich_base;
				u64 gicv_base;
				u64 gicr_base;
			} __attribute__((packed)) arm;
		} __attribute__((packed));
	} __attribute__((packed)) platform_info;
	struct jailhouse_cell_desc root_cell;
} __attribute__((packed));

#endif
