# Test-only stand-in for systemd's notify socket: binds an AF_UNIX datagram
# socket (a leading '@' means the abstract namespace), asks the kernel for
# each sender's credentials, and prints "<pid>\t<message>" per datagram.
import os, socket, struct, sys

name = sys.argv[1]
addr = '\0' + name[1:] if name.startswith('@') else name
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind(addr)
print('listening', flush=True)
ucred = struct.calcsize('3i')
while True:
    data, anc, _flags, _addr = s.recvmsg(4096, socket.CMSG_SPACE(ucred))
    pid = -1
    for level, kind, payload in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid = struct.unpack('3i', payload[:ucred])[0]
    print('%d\t%s' % (pid, data.decode('utf-8', 'replace').rstrip('\n')), flush=True)
