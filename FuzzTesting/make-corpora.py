#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, from the published vectors.

    python3 FuzzTesting/make-corpora.py [OUT]        (OUT defaults to FuzzTesting/corpora)

Reads Vectors/**/*.json (and ../shared/vectors/upstream/*.json when present), takes every hex
byte field and every text field that looks like a CID, multibase string or link, and writes one
file per seed into OUT/<target>/ in the input layout that target expects (see the comment at the
top of each target's main.swift). File names are the SHA-1 of the contents, so running it again
adds nothing twice. Deterministic; no network.
"""
import glob
import hashlib
import json
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpora")
HEX = re.compile(r"^(?:[0-9a-f]{2})+$")

TARGETS = ["FuzzCBORStrict", "FuzzCBORUpstream", "FuzzMultiformats", "FuzzCapability", "FuzzChamp",
           "FuzzCryptree", "FuzzPKI", "FuzzPointer", "FuzzServerBodies"]
seeds = {t: set() for t in TARGETS}


def add(target, data):
    if len(data) <= 64 * 1024:
        seeds[target].add(bytes(data))


def walk(obj, key=""):
    """Yields (field name, value) for every string, however deep."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk(v, key)
    elif isinstance(obj, str):
        yield key, obj


def cbor_list(items):
    """A CBOR list head for len(items), then the already-encoded items."""
    n = len(items)
    head = bytes([0x80 + n]) if n < 24 else bytes([0x98, n])
    return head + b"".join(items)


def data_stream(*fields):
    """Java DataOutputStream framing: each field as an int32 big-endian length then the bytes."""
    return b"".join(struct.pack(">i", len(f)) + f for f in fields)


POW_CBOR = bytes.fromhex("a266707265666978480000000000000000647479706512")  # {prefix: 8 zero bytes, type: 0x12}

files = sorted(glob.glob(os.path.join(ROOT, "Vectors", "**", "*.json"), recursive=True))
files += sorted(glob.glob(os.path.join(ROOT, "..", "shared", "vectors", "upstream", "*.json")))
for path in files:
    try:
        doc = json.load(open(path))
    except (ValueError, OSError):
        continue
    if not isinstance(doc, dict) or not isinstance(doc.get("vectors"), list):
        continue
    area = doc.get("area", "")
    for v in doc["vectors"]:
        if not isinstance(v, dict):
            continue
        kind = v.get("kind", "")
        hexes = [(k, bytes.fromhex(s)) for k, s in walk(v) if HEX.match(s)]
        texts = [(k, s) for k, s in walk(v) if not HEX.match(s)]
        cbors = [b for k, b in hexes if "cbor" in k or k in ("signed", "reencoded", "bat", "owner", "writer")]

        # CBOR: every byte field (the negative vectors matter most).
        for _, b in hexes:
            if area == "cbor" or b in cbors:
                add("FuzzCBORStrict", b)
                add("FuzzCBORUpstream", b)
        # Multiformats: CIDs, multihashes, varints as bytes; CID and multibase strings as text.
        if area == "multiformats":
            for _, b in hexes:
                add("FuzzMultiformats", b)
        for k, b in hexes:
            if k in ("owner", "writer", "cid_bytes", "node_cid", "block_cid", "root", "value", "empty_root", "parsed_owner"):
                add("FuzzMultiformats", b)
        for k, s in texts:
            if s[:1] in ("z", "b", "B", "k", "K", "f", "F", "m", "M", "u", "U", "Q") and len(s) > 1:
                add("FuzzMultiformats", s.encode())
            if k == "link" or s.startswith("secret/") or s.startswith("/secret/") or s.startswith("#"):
                add("FuzzCapability", s.encode())
        # Capabilities: CBOR forms.
        if area in ("capability", "follow"):
            for b in cbors:
                add("FuzzCapability", b)
        # CHAMP: flags, no explicit keys, then the final root node; then keys from the steps.
        if kind == "champ_sequence" and "final_root_block_cbor" in v:
            node = bytes.fromhex(v["final_root_block_cbor"])
            flags = 0 if v.get("key_hasher") == "identity" else 1
            keys = [bytes.fromhex(s["key"]) for s in v.get("steps", []) if isinstance(s, dict) and HEX.match(s.get("key", "") or "-")][:5]
            body = bytes([flags, len(keys)]) + b"".join(bytes([len(k) % 40]) + k[:39] for k in keys)
            add("FuzzChamp", body + struct.pack(">H", len(node)) + node)
            add("FuzzChamp", bytes([flags, 0]) + struct.pack(">H", len(node)) + node)
        # Cryptree: 0 = node block, 1 = decrypted part CBOR, 2 = plaintext bytes.
        if area == "cryptree":
            for k, b in hexes:
                if k == "node_cbor":
                    add("FuzzCryptree", b"\x00" + b)
                elif "cbor" in k:
                    add("FuzzCryptree", b"\x01" + b)
                    add("FuzzCryptree", b"\x02" + b)
        # PKI: 0 = chain block, 1 = list of links to re-sign, 2 = one link.
        if area == "pki":
            for k in ("chain", "existing", "updated", "merged"):
                if isinstance(v.get(k), list) and all(isinstance(x, str) and HEX.match(x) for x in v[k]):
                    links = [bytes.fromhex(x) for x in v[k]]
                    add("FuzzPKI", b"\x00" + cbor_list(links))
                    add("FuzzPKI", b"\x01" + cbor_list(links))
                    for link in links:
                        add("FuzzPKI", b"\x02" + link)
            for k, b in hexes:
                if k == "block_cbor":
                    add("FuzzPKI", b"\x00" + b)
                elif k in ("user_public_key_link_cbor",):
                    add("FuzzPKI", b"\x02" + b)
                    add("FuzzPKI", b"\x01" + cbor_list([b]))
        # Pointers: selector % 3 = 0 signed, 1 payload to sign, 2 WriterData; bits 2-3 the current, bit 6 the controller.
        if area == "mutable":
            for k, b in hexes:
                if k == "signed":
                    add("FuzzPointer", b"\x00" + b)
                    add("FuzzPointer", b"\x01" + b[64:])  # the payload behind the 64-byte signature
                    add("FuzzPointer", b"\x05" + b[64:])
                elif k in ("cbor", "current_cbor"):
                    add("FuzzPointer", b"\x01" + b)
                    add("FuzzPointer", b"\x04" + b)
        if area == "login":
            for b in cbors:
                add("FuzzPointer", b"\x02" + b)
        # Server bodies: route byte, then the body (see FuzzServerBodies/main.swift).
        for k, s in texts:
            if k in ("username",):
                add("FuzzServerBodies", b"\x00" + data_stream(s.encode()))
        for k, b in hexes:
            if k in ("public_key_hash_cbor", "owner") and area in ("multiformats", "pki"):
                add("FuzzServerBodies", b"\x01" + data_stream(b))
            if k == "user_public_key_link_cbor":
                add("FuzzServerBodies", b"\x02" + data_stream(b"alice", b, b"\xa0", POW_CBOR))
                add("FuzzServerBodies", b"\x03" + data_stream(b"alice", cbor_list([b]), POW_CBOR))
            if k == "signed" and area == "mutable":
                add("FuzzServerBodies", b"\x05" + b)
                add("FuzzServerBodies", b"\x85" + b)
            if k == "blind_follow_request_cbor":
                add("FuzzServerBodies", b"\x08" + b)
            if k in ("entry_point", "cbor") and area == "capability":
                add("FuzzServerBodies", b"\x07" + b)
            if k == "final_root_block_cbor":
                add("FuzzServerBodies", b"\x0b" + b)
        if kind == "valid_chain" and isinstance(v.get("chain"), list) and all(isinstance(x, str) and HEX.match(x) for x in v["chain"]):
            links = [bytes.fromhex(x) for x in v["chain"]]
            add("FuzzServerBodies", b"\x03" + data_stream(v.get("username", "alice").encode(), cbor_list(links), POW_CBOR))

# Hand-written seeds for shapes no vector has.
add("FuzzServerBodies", b"\x04" + bytes.fromhex("a2616281420102617381420304"))                # {b: [h'0102'], s: [h'0304']}
add("FuzzServerBodies", b"\x06" + bytes.fromhex("a1617080"))                                  # {p: []}
add("FuzzServerBodies", b"\x09" + b"z" + b"1")                                                # caps: multibase text
add("FuzzServerBodies", b"\x0a" + b"00ff")                                                    # hex parameter
add("FuzzServerBodies", b"\x0c" + bytes.fromhex("a1636f707381a2616242010261734100"))          # signed signup, one block op
add("FuzzChamp", bytes([0, 1, 1, 7]) + struct.pack(">H", 5) + bytes.fromhex("83417f4080"))      # bitmap says slot 7, no contents
add("FuzzPointer", b"\x01" + bytes.fromhex("82f6f6"))                                         # [null, null]

total = 0
for target, items in seeds.items():
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    for data in items:
        name = hashlib.sha1(data).hexdigest()
        p = os.path.join(folder, name)
        if not os.path.exists(p):
            with open(p, "wb") as f:
                f.write(data)
    total += len(items)
    print(f"{target}: {len(items)} seeds")
print(f"total: {total} seeds in {OUT}")
