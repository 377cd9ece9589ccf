// A JIT-style frame: machine code written at run time, described by a CIE
// and an FDE the program builds itself and hands to __register_frame, as
// V8 and LLVM's ORC JIT do. The CIE ("zPLR") names the program's own
// personality routine and the FDE an LSDA, so the unwinder must:
//   - find the FDE for a pc in anonymous memory (phase 1 and 2),
//   - call that personality with our exception class, and give it the
//     LSDA (_Unwind_GetLanguageSpecificData), the region start
//     (_Unwind_GetRegionStart), the ip (_Unwind_GetIPInfo, not "before
//     the instruction"), the frame's registers (_Unwind_GetGR/_Unwind_GetCFA),
//   - install the context the personality asked for (_Unwind_SetGR on
//     the return register, _Unwind_SetIP on a landing pad in the JIT code),
//   - show the frame to _Unwind_Backtrace (which returns a callback's
//     answer other than _URC_NO_REASON as it is),
// and after __deregister_frame the frame is unknown again: a second raise
// ends with _URC_END_OF_STACK and returns to the thrower.
// Both sides use LLVM's libunwind interface (zig links it on Linux;
// macOS' libunwind takes one FDE in __register_frame, as LLVM's does).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unwind.h>

extern "C" void __register_frame(const void*);
extern "C" void __deregister_frame(const void*);

// push rbp; mov rbp,rsp; call rdi; xor eax,eax; pop rbp; ret;
// landing pad at +10: pop rbp; ret (rax is what the personality set).
static const uint8_t kCode[] = {0x55, 0x48, 0x89, 0xe5, 0xff, 0xd7, 0x31, 0xc0, 0x5d, 0xc3, 0x5d, 0xc3};
static const uintptr_t kLandingPad = 10;
static const uint64_t kClass = 0x43414c564a495400ULL;  // "CALVJIT\0"

static uint8_t* code;
static uint8_t lsda[16] = "our own LSDA";
static _Unwind_Exception exc;

struct Seen {
    int search, handler, other_class, lsda_ok, region_ok, ip_ok, before_insn, rbp_ok;
} seen;

static _Unwind_Reason_Code personality(int version, _Unwind_Action actions, uint64_t cls, _Unwind_Exception* e,
                                       struct _Unwind_Context* ctx) {
    if (version != 1 || e != &exc) abort();
    if (cls != kClass) {
        seen.other_class++;
        return _URC_CONTINUE_UNWIND;
    }
    int before = -1;
    uintptr_t ip = _Unwind_GetIPInfo(ctx, &before);
    seen.ip_ok += ip == (uintptr_t)code + 6;  // the return address of `call rdi`
    seen.before_insn += before;
    seen.lsda_ok += (uintptr_t)_Unwind_GetLanguageSpecificData(ctx) == (uintptr_t)lsda;
    seen.region_ok += _Unwind_GetRegionStart(ctx) == (uintptr_t)code;
    // CFA = rbp + 16 in the frame's body (DWARF register 6 is rbp).
    seen.rbp_ok += _Unwind_GetGR(ctx, 6) + 16 == _Unwind_GetCFA(ctx);
    if (actions & _UA_SEARCH_PHASE) {
        seen.search++;
        return _URC_HANDLER_FOUND;
    }
    if (!(actions & _UA_HANDLER_FRAME)) abort();
    seen.handler++;
    _Unwind_SetGR(ctx, __builtin_eh_return_data_regno(0), 4242);
    _Unwind_SetIP(ctx, (uintptr_t)code + kLandingPad);
    return _URC_INSTALL_CONTEXT;
}

static int jit_frames_in_backtrace;
static _Unwind_Reason_Code count_jit(struct _Unwind_Context* ctx, void*) {
    uintptr_t ip = _Unwind_GetIP(ctx);
    if (ip > (uintptr_t)code && ip <= (uintptr_t)code + sizeof kCode) jit_frames_in_backtrace++;
    return _URC_NO_REASON;
}

static _Unwind_Reason_Code stop_at_second(struct _Unwind_Context*, void* n) {
    return ++*(int*)n == 2 ? _URC_NORMAL_STOP : _URC_NO_REASON;
}

static int raise_result;
__attribute__((noinline)) static void thrower() {
    jit_frames_in_backtrace = 0;
    _Unwind_Backtrace(count_jit, nullptr);
    memset(&exc, 0, sizeof exc);
    exc.exception_class = kClass;
    raise_result = _Unwind_RaiseException(&exc);
    // Only reached when no handler was found.
}

// Builds the CIE + FDE + terminator into `buf`; returns the FDE.
static uint8_t* build_cfi(uint8_t* buf) {
    uint8_t* p = buf;
    auto put = [&](const void* v, size_t n) {
        memcpy(p, v, n);
        p += n;
    };
    auto u8 = [&](uint8_t b) { *p++ = b; };
    auto u32 = [&](uint32_t v) { put(&v, 4); };
    auto u64 = [&](uint64_t v) { put(&v, 8); };

    uint8_t* cie = p;
    u32(0);  // length, patched
    u32(0);  // CIE id
    u8(1);   // version
    put("zPLR", 5);
    u8(1);     // code alignment
    u8(0x78);  // data alignment -8
    u8(16);    // return address register
    u8(11);    // augmentation data: P (1 + 8), L (1), R (1)
    u8(0x00);  // personality: absolute pointer
    u64((uintptr_t)&personality);
    u8(0x00);  // LSDA: absolute pointer
    u8(0x00);  // FDE pointers: absolute
    u8(0x0c), u8(7), u8(8);  // DW_CFA_def_cfa rsp+8
    u8(0x90), u8(1);         // DW_CFA_offset r16 (rip) at cfa-8
    while ((p - cie) % 8) u8(0);  // DW_CFA_nop
    uint32_t cie_len = (uint32_t)(p - cie - 4);
    memcpy(cie, &cie_len, 4);

    uint8_t* fde = p;
    u32(0);                          // length, patched
    u32((uint32_t)(p - cie));        // distance back to the CIE
    u64((uintptr_t)code);            // pc begin
    u64(sizeof kCode);               // pc range
    u8(8);                           // augmentation data: the LSDA pointer
    u64((uintptr_t)lsda);
    u8(0x41);                        // advance 1 (after push rbp)
    u8(0x0e), u8(16);                // DW_CFA_def_cfa_offset 16
    u8(0x86), u8(2);                 // DW_CFA_offset rbp at cfa-16
    u8(0x43);                        // advance 3 (after mov rbp,rsp)
    u8(0x0d), u8(6);                 // DW_CFA_def_cfa_register rbp
    while ((p - fde) % 8) u8(0);
    uint32_t fde_len = (uint32_t)(p - fde - 4);
    memcpy(fde, &fde_len, 4);
    u32(0);  // terminator
    return fde;
}

int main() {
    void* m = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    if (m == MAP_FAILED) return 1;
    code = (uint8_t*)m;
    memcpy(code, kCode, sizeof kCode);
    if (mprotect(m, 4096, PROT_READ | PROT_EXEC) != 0) return 1;
    auto jit = (long (*)(void (*)()))(void*)code;

    printf("plain call: %ld\n", jit([] {}));

    static uint8_t cfi[256] __attribute__((aligned(8)));
    uint8_t* fde = build_cfi(cfi);
    __register_frame(fde);
    long r = jit(thrower);
    printf("registered: jit returned %ld, raise returned %d\n", r, r == 4242 ? -1 : raise_result);
    printf("  personality: search %d, handler %d, other classes %d\n", seen.search, seen.handler, seen.other_class);
    printf("  lsda %d, region start %d, ip %d, before-insn %d, rbp %d (of %d calls)\n", seen.lsda_ok, seen.region_ok,
           seen.ip_ok, seen.before_insn, seen.rbp_ok, seen.search + seen.handler);
    printf("  jit frames in _Unwind_Backtrace: %d\n", jit_frames_in_backtrace);

    // Twice more, to be sure nothing was consumed by the first.
    memset(&seen, 0, sizeof seen);
    long again = jit(thrower) + jit(thrower);
    printf("twice more: %ld, handler calls %d\n", again, seen.handler);

    __deregister_frame(fde);
    memset(&seen, 0, sizeof seen);
    r = jit(thrower);
    printf("deregistered: jit returned %ld, raise returned %s, personality calls %d\n", r,
           raise_result == _URC_END_OF_STACK ? "_URC_END_OF_STACK" : "something else", seen.search + seen.handler);
    printf("  jit frames in _Unwind_Backtrace: %d\n", jit_frames_in_backtrace);
    int n = 0;
    _Unwind_Reason_Code rc = _Unwind_Backtrace(stop_at_second, &n);
    printf("a callback that stops: %d calls, walk returned %s\n", n,
           rc == _URC_NORMAL_STOP ? "its answer" : "something else");
    _Unwind_DeleteException(&exc);  // no cleanup function: a no-op
    puts("done");
    return 0;
}
