/*
 * Boot sector for the KVM probe (QemuAccelProbe). It switches to 32-bit protected mode and takes 1000 software
 * interrupts whose handler returns with iret, which is where nested KVM on some hosts stops with "KVM internal
 * error. Suberror: 1 / emulation failure" (seen under syslinux and Linux boots), then writes 1 to the
 * isa-debug-exit port 0xf4 so QEMU exits with status 3. A broken KVM leaves the vCPU stopped and QEMU running.
 *
 * Rebuild kvm-probe.bin (KvmProbeSectorTest checks that it matches):
 *   as --32 -o kvm-probe.o kvm-probe.S && ld -m elf_i386 -e 0 -Ttext 0 --oformat binary -o kvm-probe.bin kvm-probe.o
 */
.code16
.org 0
start:
  cli
  xor %ax,%ax
  mov %ax,%ds
  lgdtl gdtdesc+0x7c00
  mov %cr0,%eax
  or $1,%eax
  mov %eax,%cr0
  ljmpl $0x08,$(pm+0x7c00)
.code32
pm:
  mov $0x10,%ax
  mov %ax,%ds
  mov %ax,%es
  mov %ax,%ss
  mov $0x7000,%esp
  lidt idtdesc+0x7c00
  mov $1000,%ecx
1:
  int $0x20
  loop 1b
  mov $0xf4,%dx
  mov $1,%al
  out %al,%dx
2:
  hlt
  jmp 2b
handler:
  pusha
  popa
  iret
.p2align 3
gdt:
  .quad 0
  .quad 0x00cf9a000000ffff
  .quad 0x00cf92000000ffff
gdtdesc:
  .word 23
  .long gdt+0x7c00
idtdesc:
  .word 0x20*8+7
  .long idt20+0x7c00-0x20*8
.p2align 3
idt20:
  .word handler+0x7c00
  .word 0x08
  .byte 0
  .byte 0x8e
  .word 0
.org 510
.byte 0x55,0xaa
