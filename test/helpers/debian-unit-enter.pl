# Test-only: the last steps systemd takes before exec'ing a unit's
# ExecStart under Debian's redis-sentinel.service: User=redis/Group=redis,
# NoNewPrivileges=true and MemoryDenyWriteExecute=true (here the kernel's
# PR_SET_MDWE, as systemd uses where the kernel has it; older systemd gets
# the same refusals from a seccomp filter). Then execs @ARGV in place.
use strict;
use warnings;
use Config;
use POSIX ();

my %prctl = (x86_64 => 157, aarch64 => 167);
my ($arch) = $Config{archname} =~ /^([^-]+)/;
my $prctl = $prctl{$arch} // die "enter.pl: no prctl number for $arch\n";
my ($uid, $gid) = (getpwnam('redis'))[2, 3];
defined $uid or die "enter.pl: no user redis\n";

syscall($prctl, 38, 1, 0, 0, 0) == 0 or die "PR_SET_NO_NEW_PRIVS: $!\n";
syscall($prctl, 65, 1, 0, 0, 0) == 0 or die "PR_SET_MDWE: $!\n";
$) = "$gid $gid";
POSIX::setgid($gid) or die "setgid: $!\n";
POSIX::setuid($uid) or die "setuid: $!\n";
exec { $ARGV[0] } @ARGV or die "exec $ARGV[0]: $!\n";
