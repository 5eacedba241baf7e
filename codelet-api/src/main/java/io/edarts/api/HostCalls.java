package io.edarts.api;

/**
 * The call numbers and error numbers of host calls ({@link CodeletContext#hostCall}). By the
 * convention of a host-call jump table, numbers below {@link #UTILITY_BASE} are the host's Linux
 * system calls (the ARM EABI numbers of the ones the runtime carries out), {@link #UTILITY_BASE} to
 * {@link #USER_BASE} - 1 the run-time's utilities, and {@link #USER_BASE} and up functions a program
 * registers ({@link Program#withHostFunction}). A failed call answers {@code -errno}.
 */
public final class HostCalls {
    private HostCalls() {
    }

    /** First call number of the run-time's utilities. */
    public static final int UTILITY_BASE = io.edarts.cam.HostCall.UTILITY_BASE;
    /** First call number of user-defined host functions. */
    public static final int USER_BASE = io.edarts.cam.HostCall.USER_BASE;

    /** Linux {@code write(fd, buf, count)}: {@link CodeletContext#write}. */
    public static final int SYS_WRITE = 4;
    /** Linux {@code open(path, flags, mode)}: {@link CodeletContext#open}. */
    public static final int SYS_OPEN = 5;
    /** Linux {@code close(fd)}: {@link CodeletContext#close}. */
    public static final int SYS_CLOSE = 6;
    /** {@code dmalloc(bytes)}: shared external memory from the host's allocator ({@link CodeletContext#dmalloc}). */
    public static final int DMALLOC = UTILITY_BASE;
    /** {@code dfree(address)} ({@link CodeletContext#dfree}). */
    public static final int DFREE = UTILITY_BASE + 1;
    /** {@code printf(format, ...)}: a line on the host's console ({@link CodeletContext#printf}). */
    public static final int PRINTF = UTILITY_BASE + 2;

    /** {@code offload(unit, in, out)}: the host's driver calls an accelerator ({@link CodeletContext#offload}). */
    public static final int OFFLOAD = UTILITY_BASE + 3;

    /** I/O error. */
    public static final int EIO = 5;
    /** Bad file descriptor. */
    public static final int EBADF = 9;
    /** Out of memory. */
    public static final int ENOMEM = 12;
    /** Permission denied: a path that leaves the run's files folder. */
    public static final int EACCES = 13;
    /** Invalid argument: a free of an address the allocator did not give. */
    public static final int EINVAL = 22;
    /** Too many open files. */
    public static final int EMFILE = 24;

    /** A readable name of call {@code number}: "printf", "open", ..., or "host call N". */
    public static String name(int number) {
        return switch (number) {
            case SYS_WRITE -> "write";
            case SYS_OPEN -> "open";
            case SYS_CLOSE -> "close";
            case DMALLOC -> "dmalloc";
            case DFREE -> "dfree";
            case PRINTF -> "printf";
            case OFFLOAD -> "offload";
            default -> "host call " + number;
        };
    }
}
