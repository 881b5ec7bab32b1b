# Expected ITCH field values of the codecs golden test (ItchCaptureDecodeTest), read independently of our SBE schema:
# each message's field order and sizes are taken from the Open Markets Initiative Wireshark dissector
# (github.com/Open-Markets-Initiative/wireshark-lua, Nasdaq/Nasdaq_NsmEquities_TotalView_Itch_v5_0_2017_Dissector.lua),
# the values from the capture bytes with int.from_bytes. It asserts that every message ends where the dissector's
# layout ends and every packet where its MoldUDP64 blocks end.
#
# usage: python3 expected-from-omi.py DISSECTOR.lua codecs/src/test/resources/itch > expected-fields.txt
import re, struct, sys, glob, os
lua = open(sys.argv[1]).read()
types = dict(re.findall(r'if message_type == "(.)" then\n\s+return nasdaq_nsmequities_totalview_itch_v5_0_2017\.(\w+)\.dissect', lua))
layouts = {}
for t, name in types.items():
    m = re.search(r'\.' + name + r'\.fields = function.*?\n(.*?)\n  return index', lua, re.S)
    fields = re.findall(r'-- ([A-Za-z ]+): (\d+) Byte (\w+)', m.group(1))
    layouts[t] = [(f[0], int(f[1]), f[2]) for f in fields]
def camel(n):
    n = 'Stock Locate' if n == 'Locate Code' else n  # the dissector's one other name for the same field
    w = n.split()
    return w[0].lower() + ''.join(x[0].upper() + x[1:].lower() for x in w[1:])
def text(b):
    return ''.join(chr(c) if 0x20 <= c < 0x7f else '\\x%02x' % c for c in b)
def packets(path):
    data = open(path, 'rb').read()
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack_from('<I', data, off + 8)[0]
        frame = data[off + 16: off + 16 + caplen]
        off += 16 + caplen
        et = struct.unpack_from('>H', frame, 12)[0]; ip = 14
        if et == 0x8100:
            et = struct.unpack_from('>H', frame, 16)[0]; ip = 18
        if et != 0x0800 or frame[ip + 9] != 17: continue
        udp = ip + (frame[ip] & 15) * 4
        ulen = struct.unpack_from('>H', frame, udp + 4)[0]
        yield frame[udp + 8: udp + ulen]
out = {}
for path in sorted(glob.glob(sys.argv[2] + '/*/*.pcap')):
    rel = os.path.relpath(path, sys.argv[2])
    lines = []
    for p in packets(path):
        session = text(p[0:10]); seq = int.from_bytes(p[10:18], 'big'); count = int.from_bytes(p[18:20], 'big')
        lines.append('packet|session=%s|sequenceNumber=%d|messageCount=%d' % (session, seq, count))
        pos = 20
        for i in range(count):
            ln = int.from_bytes(p[pos:pos + 2], 'big'); msg = p[pos + 2: pos + 2 + ln]; pos += 2 + ln
            t = chr(msg[0]); lay = layouts[t]
            parts = [t]; q = 1
            for name, size, kind in lay:
                raw = msg[q:q + size]; q += size
                parts.append('%s=%s' % (camel(name), text(raw) if kind == 'Ascii' else int.from_bytes(raw, 'big')))
            assert q == ln, (rel, t, q, ln)
            lines.append('|'.join(parts))
        assert pos == len(p), (rel, pos, len(p))
    out[rel] = lines
for rel, lines in out.items():
    print('== ' + rel)
    for l in lines: print(l)
