/**
 * A stand-in for the syslog socket (Node cannot create AF_UNIX datagram
 * sockets): python3 binds one and appends each datagram, hex-encoded, as a
 * line of `out`.
 */
export const SYSLOG_RECEIVER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], 'ab', buffering=0)
while True:
    out.write(s.recv(65536).hex().encode() + b'\\n')
`;
