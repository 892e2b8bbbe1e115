# Usage: python3 examples/faults/craft-archives.py VALID.zip OUTDIR  (writes crc-damaged.zip, lying-size.zip, big-manifest.zip)
# Crafts damaged and forged copies of a valid archive (see docs/results.md, "Damaged and forged archives").
import struct, sys, zipfile, zlib, io
base, outdir = sys.argv[1], sys.argv[2]
src = zipfile.ZipFile(base)
entries = [(i.filename, src.read(i.filename)) for i in src.infolist()]

def write(name, entries, stored=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for n, data in entries:
            z.writestr(zipfile.ZipInfo(n, (2026, 11, 20, 1, 0, 0)), data,
                       compress_type=zipfile.ZIP_STORED if n in stored else zipfile.ZIP_DEFLATED)
    return bytearray(buf.getvalue())

def central(b, name):
    n = name.encode()
    i = 0
    while True:
        i = b.find(b'PK\x01\x02', i)
        if b[i+46:i+46+len(n)] == n and struct.unpack('<H', b[i+28:i+30])[0] == len(n):
            return i
        i += 4

# 1. bit rot in a stored entry: one digit of load/summary.json changed, still valid JSON
b = write('crc.zip', entries, stored={'load/summary.json'})
data = dict(entries)['load/summary.json']
at = b.find(data) + data.find(b'"events" : ') + len(b'"events" : ')
b[at] = ord('7') if b[at] != ord('7') else ord('3')
open(f'{outdir}/crc-damaged.zip', 'wb').write(b)

# 2. a lying size: load/leaks.jsonl is 4 GiB of newlines (4 MiB deflated) that declares 100 bytes
co = zlib.compressobj(9, zlib.DEFLATED, -15)
chunk = b'\n' * (1 << 24)
comp = bytearray(); crc = 0
for _ in range(256):
    comp += co.compress(chunk); crc = zlib.crc32(chunk, crc)
comp += co.flush()
b = write('lying.zip', [(n, d) for n, d in entries if n != 'load/leaks.jsonl'] + [('load/leaks.jsonl', b'')])
i = central(b, 'load/leaks.jsonl')
off = struct.unpack('<I', b[i+42:i+46])[0]          # local header of the (empty) entry, the last before the CEN
head = b[:off]
eocd = b.rfind(b'PK\x05\x06')
cd_off = struct.unpack('<I', b[eocd+16:eocd+20])[0]
nlen, xlen = struct.unpack('<HH', b[off+26:off+30])
local = bytearray(b[off:off+30+nlen+xlen])
local[6:8] = struct.pack('<H', 0)                    # no data descriptor: sizes in the header
local[14:26] = struct.pack('<III', crc, len(comp), 100)
newcen = bytearray(b[cd_off:])
j = i - cd_off
newcen[j+8:j+10] = struct.pack('<H', 0)
newcen[j+16:j+28] = struct.pack('<III', crc, len(comp), 100)   # CRC and compressed size true, size a lie
delta = len(local) + len(comp) - (cd_off - off)
e = newcen.rfind(b'PK\x05\x06')
newcen[e+16:e+20] = struct.pack('<I', cd_off + delta)
open(f'{outdir}/lying-size.zip', 'wb').write(bytes(head) + bytes(local) + bytes(comp) + bytes(newcen))

# 3. a manifest.json of 65 MiB (valid JSON padded with blanks)
m = dict(entries)['manifest.json']
big = m + b' ' * ((65 << 20) - len(m))
open(f'{outdir}/big-manifest.zip', 'wb').write(write('big.zip', [(n, big if n == 'manifest.json' else d) for n, d in entries]))
