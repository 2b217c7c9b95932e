#!/usr/bin/env python3
"""Prints the pure rows (un/bin/tern/load/store) of brisk-interp's
instruction list from the parser's operator table. Run once when the parser
table grows; the output is pasted into src/bytecode/list.rs and checked by
the compiler (the translator maps every fixed-signature parser row to the
interp variant of the same name, so a missing row does not build).

    python3 interpreter/scripts/gen_pure_rows.py parser/src/operator/list.rs
"""
import re, sys

ROW = re.compile(r'@(\w+)\s+(0x\w+)\s+(\w+)\s+(\w+)(\s*\{[^}]*\})?\s*=>\s*visit_(\w+)\s+"([^"]+)"\s+\[([^\]]*)\]')
LOAD_MEM = {
    'i32_load': 'i32', 'i64_load': 'i64', 'f32_load': 'f32', 'f64_load': 'f64',
    'i32_load8_s': 'i8', 'i32_load8_u': 'u8', 'i32_load16_s': 'i16', 'i32_load16_u': 'u16',
    'i64_load8_s': 'i8', 'i64_load8_u': 'u8', 'i64_load16_s': 'i16', 'i64_load16_u': 'u16',
    'i64_load32_s': 'i32', 'i64_load32_u': 'u32', 'v128_load': 'u128',
    'v128_load32_zero': 'u32', 'v128_load64_zero': 'u64',
}
LOAD_VIA = {  # loads whose value goes through a helper of the executor
    'v128_load8x8_s': 'u64', 'v128_load8x8_u': 'u64', 'v128_load16x4_s': 'u64',
    'v128_load16x4_u': 'u64', 'v128_load32x2_s': 'u64', 'v128_load32x2_u': 'u64',
    'v128_load8_splat': 'u8', 'v128_load16_splat': 'u16', 'v128_load32_splat': 'u32',
    'v128_load64_splat': 'u64',
}
STORE_MEM = {'1': {'i32': 'u8', 'i64': 'u8'}, '2': {'i32': 'u16', 'i64': 'u16'},
             '4': {'i32': 'u32', 'i64': 'u32', 'f32': 'f32'}, '8': {'i64': 'u64', 'f64': 'f64'},
             '16': {'v128': 'u128'}}
sections = {'un': [], 'bin': [], 'tern': [], 'load': [], 'store': []}
for m in ROW.finditer(open(sys.argv[1]).read()):
    variant, visit, sig = m.group(4), m.group(6), m.group(8).split()
    if sig[0] == 'special' or sig[0] == '->':
        continue
    if sig[0] == 'load':
        if visit in LOAD_VIA:
            sections['load'].append(f'{variant} = {LOAD_VIA[visit]} -> v128 via {visit}')
        else:
            sections['load'].append(f'{variant} = {LOAD_MEM[visit]} -> {sig[2]}')
        continue
    if sig[0] == 'store':
        sections['store'].append(f'{variant} = {sig[2]} -> {STORE_MEM[sig[1]][sig[2]]}')
        continue
    arrow = sig.index('->')
    args, res = sig[:arrow], sig[arrow + 1]
    kind = {1: 'un', 2: 'bin', 3: 'tern'}[len(args)]
    sections[kind].append(f'{variant} = {visit}({", ".join(args)}) -> {res}')
for name, rows in sections.items():
    width = max(len(r.split(' = ')[0]) for r in rows)
    print(f'        {name} {{')
    for r in rows:
        v, rest = r.split(' = ', 1)
        print(f'            {v.ljust(width)} = {rest},')
    print('        }')
