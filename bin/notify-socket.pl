# Opens a datagram socket connected to $NOTIFY_SOCKET, keeps it open across
# exec and execs the rest of the command line with its descriptor number in
# REDIS_SENTINEL_TS_NOTIFY_FD. Perl because Debian always has it (perl-base
# is essential) and it can exec in place, so the PID systemd started stays
# the PID that later writes READY=1. Any failure just execs without the
# socket: the daemon then reports that it cannot notify systemd.
use strict;
use warnings;
use Socket qw(AF_UNIX SOCK_DGRAM pack_sockaddr_un);
use Fcntl qw(F_GETFD F_SETFD FD_CLOEXEC);

my $name = $ENV{NOTIFY_SOCKET} // '';
# A leading '@' names a socket in the abstract namespace (a leading NUL byte).
$name =~ s/^@/\0/;
my $sock;
if ($name ne '' && socket($sock, AF_UNIX, SOCK_DGRAM, 0) && connect($sock, pack_sockaddr_un($name))) {
    my $flags = fcntl($sock, F_GETFD, 0);
    if (defined $flags && fcntl($sock, F_SETFD, $flags & ~FD_CLOEXEC)) {
        $ENV{REDIS_SENTINEL_TS_NOTIFY_FD} = fileno($sock);
    }
}
# The daemon logs why, as redis logs sd_notify's error: a negative errno.
$ENV{REDIS_SENTINEL_TS_NOTIFY_ERROR} = -($! + 0) unless defined $ENV{REDIS_SENTINEL_TS_NOTIFY_FD};
exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!\n";
