# The program Debian's redis-sentinel.service runs as /usr/bin/redis-sentinel
# once bin/debian-install.sh has put redis-sentinel-ts in its place. The
# installer writes this file there behind a first line naming the perl that
# it placed in the private directory (/usr/lib/redis-sentinel-ts/perl).
#
# Why perl, and why copies of perl and node under /usr/lib: the stock unit
# has NoExecPaths=/ with ExecPaths=/usr/bin/redis-sentinel /usr/lib /lib, so
# the only programs the service may exec are this file and what lives under
# /usr/lib; /bin/sh, /usr/bin/perl and /usr/bin/node are all refused. And its
# MemoryDenyWriteExecute=true refuses memory that becomes executable, which
# V8's JIT needs: node aborts at its first compiled function unless it runs
# with --jitless. The probe below turns the JIT off only where it would die.
use strict;
use warnings;
use Config;
use File::Basename qw(dirname);
use Socket qw(AF_UNIX SOCK_DGRAM pack_sockaddr_un);
use Fcntl qw(F_GETFD F_SETFD FD_CLOEXEC);

my $lib = dirname($^X);

# Asks the kernel, as V8 would, for memory that is writable and executable,
# and for writable memory made executable afterwards. Either refusal (EPERM
# from systemd's seccomp filter, EACCES from the kernel's own PR_SET_MDWE)
# means the JIT cannot work here.
sub jit_allowed {
    my %nr = (x86_64 => [9, 10, 11], aarch64 => [222, 226, 215]);
    my ($arch) = $Config{archname} =~ /^([^-]+)/;
    # Unknown numbers: the interpreter is slower but runs everywhere.
    my $calls = $nr{$arch // ''} or return 0;
    my ($mmap, $mprotect, $munmap) = @$calls;
    my ($r, $w, $x, $private_anon) = (1, 2, 4, 0x22);
    my $size = 4096;
    my $wx = syscall($mmap, 0, $size, $r | $w | $x, $private_anon, -1, 0);
    return 0 if $wx == -1;
    syscall($munmap, $wx, $size);
    my $rw = syscall($mmap, 0, $size, $r | $w, $private_anon, -1, 0);
    return 0 if $rw == -1;
    my $ok = syscall($mprotect, $rw, $size, $r | $x) == 0;
    syscall($munmap, $rw, $size);
    return $ok;
}

# The unit's SystemCallFilter=@system-service kills the process (SIGSYS) at
# pkey_alloc, which V8 calls in its initialisation on x86-64 whatever the
# flags: the installer's preload answers it without a system call.
if (-e "$lib/no-pkey.so") {
    $ENV{LD_PRELOAD} = join(' ', "$lib/no-pkey.so", grep { defined && $_ ne '' } $ENV{LD_PRELOAD});
}
# syslog: the daemon's usual way, util-linux logger, is a program the unit
# does not let it run, and node cannot open a datagram socket. So the socket
# syslog(3) would use is connected here and handed over open (the daemon
# writes its datagrams on it; it ignores it unless syslog-enabled is yes).
# The environment variable is the tests' stand-in for /dev/log, as in
# src/log/syslog.ts.
{
    my $path = $ENV{REDIS_SENTINEL_TS_SYSLOG_SOCKET} // '/dev/log';
    my $sock;
    if (-S $path && socket($sock, AF_UNIX, SOCK_DGRAM, 0) && connect($sock, pack_sockaddr_un($path))) {
        my $flags = fcntl($sock, F_GETFD, 0);
        if (defined $flags && fcntl($sock, F_SETFD, $flags & ~FD_CLOEXEC)) {
            $ENV{REDIS_SENTINEL_TS_SYSLOG_FD} = fileno($sock);
            # Kept open across the exec below.
            our $SYSLOG_SOCKET = $sock;
        }
    }
}

# --no-expose-wasm: jitless V8 has no WebAssembly and says so on stderr
# otherwise.
my @v8 = jit_allowed() ? () : ('--jitless', '--no-expose-wasm');
@ARGV = ("$lib/node", @v8, "$lib/app/bin/redis-sentinel-ts", @ARGV);
# It opens systemd's notify socket (NOTIFY_SOCKET) and execs @ARGV in place,
# so the PID systemd started stays the one that sends READY=1.
do "$lib/app/bin/notify-socket.pl";
die "redis-sentinel-ts: cannot run $lib/app/bin/notify-socket.pl: " . ($@ || $!) . "\n";
