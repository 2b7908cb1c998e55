/**
 * A keccak256 batch hasher in WebAssembly, emitted byte by byte by this file (no toolchain, no
 * binary blob in the repository). One call hashes many 256-byte chunks or 64-byte pairs with the
 * 25 Keccak-f[1600] lanes held in locals, which removes the per-hash JS overhead of general-purpose
 * hashers. Exports:
 *
 * - `chunks(in, n, out)`: `out[i] = keccak256(in[256i .. 256i+256])`
 * - `pairs(in, n, out)`: `out[i] = keccak256(in[64i .. 64i+64])` (may run in place, `out == in`)
 * - `absorb(state, in, blocks)`: XORs `blocks` 136-byte blocks into the 200-byte state and permutes
 * - `memory`: one fixed memory laid out as below.
 */

/** Memory layout (bytes). */
export const wasmLayout = {
  roundConstants: 0, // 24 x 8
  state: 256, // 200 B for `absorb`
  block: 512, // one padded 136-byte block
  input: 1024, // one segment: 262144 B
  leaves: 1024 + 262_144, // 1024 x 32 B
  pages: 5, // 327680 B
} as const;

const roundConstants = [
  0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n, 0x000000000000808bn,
  0x0000000080000001n, 0x8000000080008081n, 0x8000000000008009n, 0x000000000000008an, 0x0000000000000088n,
  0x0000000080008009n, 0x000000008000000an, 0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n,
  0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n, 0x000000000000800an, 0x800000008000000an,
  0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
];

/** ρ rotation of lane (x, y), indexed [x][y]. */
const rho = [
  [0, 36, 3, 41, 18],
  [1, 44, 10, 45, 2],
  [62, 6, 43, 15, 61],
  [28, 55, 25, 21, 56],
  [27, 20, 39, 8, 14],
];

// Opcodes
const op = {
  block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, void: 0x40,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Const: 0x41, i64Const: 0x42, i64Load: 0x29, i64Store: 0x37,
  i32Eqz: 0x45, i32Ne: 0x47, i32Add: 0x6a, i32Sub: 0x6b,
  i64And: 0x83, i64Xor: 0x85, i64Rotl: 0x89,
} as const;

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: bigint): number[] {
  const out: number[] = [];
  while (true) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    if ((value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Reinterprets an unsigned 64-bit constant as the signed value `i64.const` encodes. */
const signed = (value: bigint) => BigInt.asIntN(64, value);

// Locals of every function: params first (i32), then 3 i32 scratch, then the i64 lanes.
// Params: p0, p1, p2. i32 locals: r (3). i64: a0..a24 (4..28), b0..b24 (29..53), c0..c4 (54..58), d0..d4 (59..63).
const R = 3;
const A = (i: number) => 4 + i;
const B = (i: number) => 29 + i;
const C = (i: number) => 54 + i;
const D = (i: number) => 59 + i;
const localsDecl = [...uleb(2), ...uleb(1), 0x7f, ...uleb(60), 0x7e]; // 1 x i32, 60 x i64

const get = (l: number) => [op.localGet, ...uleb(l)];
const set = (l: number) => [op.localSet, ...uleb(l)];
const i32 = (v: number) => [op.i32Const, ...sleb(BigInt(v))];
const i64 = (v: bigint) => [op.i64Const, ...sleb(signed(v))];
const load = (offset: number) => [op.i64Load, 3, ...uleb(offset)];
const store = (offset: number) => [op.i64Store, 3, ...uleb(offset)];

/** Keccak-f[1600] on the lanes in locals a0..a24: 24 rounds in a loop. */
function permutation(): number[] {
  const code: number[] = [...i32(0), ...set(R), op.loop, op.void];
  // θ
  for (let x = 0; x < 5; x++)
    code.push(...get(A(x)), ...get(A(x + 5)), op.i64Xor, ...get(A(x + 10)), op.i64Xor, ...get(A(x + 15)), op.i64Xor, ...get(A(x + 20)), op.i64Xor, ...set(C(x)));
  for (let x = 0; x < 5; x++)
    code.push(...get(C((x + 4) % 5)), ...get(C((x + 1) % 5)), ...i64(1n), op.i64Rotl, op.i64Xor, ...set(D(x)));
  // θ applied, then ρ and π into b: B[y, 2x + 3y] = rotl(A[x, y] ^ D[x], rho[x][y])
  for (let x = 0; x < 5; x++)
    for (let y = 0; y < 5; y++) {
      code.push(...get(A(x + 5 * y)), ...get(D(x)), op.i64Xor);
      if (rho[x]![y] !== 0) code.push(...i64(BigInt(rho[x]![y]!)), op.i64Rotl);
      code.push(...set(B(y + 5 * ((2 * x + 3 * y) % 5))));
    }
  // χ: A[x, y] = B[x, y] ^ (~B[x+1, y] & B[x+2, y])
  for (let y = 0; y < 5; y++)
    for (let x = 0; x < 5; x++)
      code.push(
        ...get(B(x + 5 * y)),
        ...get(B(((x + 1) % 5) + 5 * y)), ...i64(-1n), op.i64Xor,
        ...get(B(((x + 2) % 5) + 5 * y)), op.i64And,
        op.i64Xor, ...set(A(x + 5 * y)),
      );
  // ι
  code.push(...get(A(0)), ...get(R), ...load(wasmLayout.roundConstants), op.i64Xor, ...set(A(0)));
  code.push(...get(R), ...i32(8), op.i32Add, op.localTee, ...uleb(R), ...i32(192), op.i32Ne, op.brIf, 0, op.end);
  return code;
}

/** Loads lane i from `base + offset` (base in local p), optionally XOR-ing into the lane. */
const loadLane = (p: number, offset: number, lane: number, xor: boolean) =>
  xor
    ? [...get(A(lane)), ...get(p), ...load(offset), op.i64Xor, ...set(A(lane))]
    : [...get(p), ...load(offset), ...set(A(lane))];
const xorConst = (lane: number, value: bigint) => [...get(A(lane)), ...i64(value), op.i64Xor, ...set(A(lane))];
const storeDigest = (p: number) => [0, 1, 2, 3].flatMap((i) => [...get(p), ...get(A(i)), ...store(i * 8)]);

/** `for (; n != 0; n--) { body; in += step; out += 32 }` over params (in=0, n=1, out=2). */
function batchLoop(body: number[], step: number): number[] {
  return [
    op.block, op.void, op.loop, op.void,
    ...get(1), op.i32Eqz, op.brIf, 1,
    ...body,
    ...get(0), ...i32(step), op.i32Add, ...set(0),
    ...get(2), ...i32(32), op.i32Add, ...set(2),
    ...get(1), ...i32(1), op.i32Sub, ...set(1),
    op.br, 0, op.end, op.end,
  ];
}

function chunksBody(): number[] {
  const body: number[] = [];
  for (let i = 0; i < 25; i++) body.push(...(i < 17 ? loadLane(0, i * 8, i, false) : [...i64(0n), ...set(A(i))]));
  body.push(...permutation());
  for (let i = 0; i < 15; i++) body.push(...loadLane(0, 136 + i * 8, i, true));
  body.push(...xorConst(15, 0x01n), ...xorConst(16, 0x8000000000000000n));
  body.push(...permutation(), ...storeDigest(2));
  return batchLoop(body, 256);
}

function pairsBody(): number[] {
  const body: number[] = [];
  for (let i = 0; i < 25; i++) body.push(...(i < 8 ? loadLane(0, i * 8, i, false) : [...i64(i === 8 ? 1n : i === 16 ? 0x8000000000000000n : 0n), ...set(A(i))]));
  body.push(...permutation(), ...storeDigest(2));
  return batchLoop(body, 64);
}

function absorbBody(): number[] {
  // params: state=0, in=1, blocks=2
  const code: number[] = [];
  for (let i = 0; i < 25; i++) code.push(...loadLane(0, i * 8, i, false));
  const body: number[] = [];
  for (let i = 0; i < 17; i++) body.push(...loadLane(1, i * 8, i, true));
  body.push(...permutation());
  code.push(
    op.block, op.void, op.loop, op.void,
    ...get(2), op.i32Eqz, op.brIf, 1,
    ...body,
    ...get(1), ...i32(136), op.i32Add, ...set(1),
    ...get(2), ...i32(1), op.i32Sub, ...set(2),
    op.br, 0, op.end, op.end,
  );
  for (let i = 0; i < 25; i++) code.push(...get(0), ...get(A(i)), ...store(i * 8));
  return code;
}

const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (text: string) => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

/** The module's bytes. */
export function keccakWasmBytes(): Uint8Array {
  const bodies = [chunksBody(), pairsBody(), absorbBody()].map((code) => {
    const fn = [...localsDecl, ...code, op.end];
    return [...uleb(fn.length), ...fn];
  });
  const constants = roundConstants.flatMap((rc) => Array.from({ length: 8 }, (_, i) => Number((rc >> BigInt(8 * i)) & 0xffn)));
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, 3, 0x7f, 0x7f, 0x7f, 0]])), // type 0: (i32, i32, i32) -> ()
    ...section(3, vector([[0], [0], [0]])),
    ...section(5, vector([[0x00, ...uleb(wasmLayout.pages)]])),
    ...section(7, vector([
      [...name("chunks"), 0x00, 0],
      [...name("pairs"), 0x00, 1],
      [...name("absorb"), 0x00, 2],
      [...name("memory"), 0x02, 0],
    ])),
    ...section(10, vector(bodies)),
    ...section(11, vector([[0x00, op.i32Const, ...sleb(BigInt(wasmLayout.roundConstants)), op.end, ...uleb(constants.length), ...constants]])),
  ];
  return new Uint8Array(bytes);
}
