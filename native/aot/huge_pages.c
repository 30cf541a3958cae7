/*
 * Linked into the NativeAOT library on Linux (src/PluginBridge.Native/PluginBridge.Native.csproj). Runs at dlopen,
 * before the .NET runtime starts: asks the kernel to back the library's zero-filled data with transparent huge
 * pages where the system allows it (THP "madvise" or "always").
 *
 * Why: that data is .bss and the runtime's .hydrated section (about 3.5 MB), which the runtime writes in full when
 * it unpacks its startup data on the first call. In 4 KiB pages that is some 900 page faults, about a fifth of the
 * cold start; one 2 MiB page replaces 512 of them (bench/run.sh cold: about 0.6 ms of 5.5). Nothing else changes:
 * with THP "never", or on a kernel without it, madvise fails and is ignored.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

static int advise_zero_fill(struct dl_phdr_info *info, size_t size, void *self)
{
    (void)size;
    uintptr_t me = (uintptr_t)self;
    int ours = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + p->p_vaddr;
        if (p->p_type == PT_LOAD && me >= start && me < start + p->p_memsz) ours = 1;
    }
    if (!ours) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD || p->p_memsz <= p->p_filesz) continue;
        /* The zero-filled tail of a writable segment, in whole pages (the first partial page is file-backed). */
        uintptr_t from = (info->dlpi_addr + p->p_vaddr + p->p_filesz + page - 1) & ~(page - 1);
        uintptr_t to = (info->dlpi_addr + p->p_vaddr + p->p_memsz + page - 1) & ~(page - 1);
        if (to > from) (void)madvise((void *)from, to - from, MADV_HUGEPAGE);
    }
    return 1;
}

__attribute__((constructor)) static void pb_advise_huge_pages(void)
{
    dl_iterate_phdr(advise_zero_fill, (void *)&pb_advise_huge_pages);
}
