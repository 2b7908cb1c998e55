import type { Address, Hex } from "viem";

/**
 * The access-control operation codes of 0G's KV streams (`AccessControlOps`). The high nibble is
 * the category: of several operations of one category on the same (stream, key, account) in one
 * transaction, the node keeps the last.
 */
export const kvAccessControlOps = {
  grantAdmin: 0x00,
  renounceAdmin: 0x01,
  setKeySpecial: 0x10,
  setKeyNormal: 0x11,
  grantWriter: 0x20,
  revokeWriter: 0x21,
  renounceWriter: 0x22,
  grantSpecialWriter: 0x30,
  revokeSpecialWriter: 0x31,
  renounceSpecialWriter: 0x32,
} as const;

export type KvAccessControlType = keyof typeof kvAccessControlOps;

/** The node's names of the codes (`to_access_control_op_name`), as its transaction results print them. */
export const kvAccessControlOpNames: Readonly<Record<number, string>> = {
  0x00: "GRANT_ADMIN_ROLE",
  0x01: "RENOUNCE_ADMIN_ROLE",
  0x10: "SET_KEY_TO_SPECIAL",
  0x11: "SET_KEY_TO_NORMAL",
  0x20: "GRANT_WRITER_ROLE",
  0x21: "REVOKE_WRITER_ROLE",
  0x22: "RENOUNCE_WRITER_ROLE",
  0x30: "GRANT_SPECIAL_WRITER_ROLE",
  0x31: "REVOKE_SPECIAL_WRITER_ROLE",
  0x32: "RENOUNCE_SPECIAL_WRITER_ROLE",
};

/**
 * One access-control operation. Which fields it carries on the wire depends on its type:
 * `account` for grantAdmin / grantWriter / revokeWriter; `key` for setKeySpecial / setKeyNormal /
 * renounceSpecialWriter; both for grantSpecialWriter / revokeSpecialWriter; neither for the
 * renounceAdmin / renounceWriter (they act on the transaction's sender).
 */
export type KvAccessControl =
  | { type: "grantAdmin" | "grantWriter" | "revokeWriter"; streamId: Hex; account: Address }
  | { type: "renounceAdmin" | "renounceWriter"; streamId: Hex }
  | { type: "setKeySpecial" | "setKeyNormal" | "renounceSpecialWriter"; streamId: Hex; key: Uint8Array }
  | { type: "grantSpecialWriter" | "revokeSpecialWriter"; streamId: Hex; key: Uint8Array; account: Address };

const byCode = new Map<number, KvAccessControlType>(
  Object.entries(kvAccessControlOps).map(([name, code]) => [code, name as KvAccessControlType]),
);

/** The type of an operation code, or undefined for a code 0G does not define. */
export function kvAccessControlType(code: number): KvAccessControlType | undefined {
  return byCode.get(code);
}

/** Whether operations of this type carry an account / a key on the wire. */
export function kvAccessControlFields(type: KvAccessControlType): { account: boolean; key: boolean } {
  switch (type) {
    case "grantAdmin":
    case "grantWriter":
    case "revokeWriter":
      return { account: true, key: false };
    case "setKeySpecial":
    case "setKeyNormal":
    case "renounceSpecialWriter":
      return { account: false, key: true };
    case "grantSpecialWriter":
    case "revokeSpecialWriter":
      return { account: true, key: true };
    case "renounceAdmin":
    case "renounceWriter":
      return { account: false, key: false };
  }
}
