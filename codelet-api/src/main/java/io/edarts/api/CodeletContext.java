package io.edarts.api;

/**
 * What a firing body sees: its threaded procedure's frame, where it runs, and the operations of the
 * codelet model. Bodies of codelets that are not ordered by dependencies must not write the same
 * data; the runtime may run them at once on different host threads.
 */
public interface CodeletContext<F> {
    /** The frame of the threaded procedure this codelet belongs to. */
    F frame();

    /** Index of this codelet in its threaded-procedure definition. */
    int index();

    /** Name of this codelet. */
    String name();

    /** The core (row-major index) firing this codelet. */
    int core();

    /** How many times this codelet instance fired before this firing (0 on the first). */
    long firing();

    /** The simulated cycle this firing started at, on the machine's clock. */
    long cycle();

    /** Charges {@code count} instructions of a kind on top of the declared cost. */
    void compute(InstrKind kind, long count);

    /** Charges a data load of {@code bytes} from a global address of the machine (or a local alias). */
    void load(long address, int bytes);

    /** Charges a data store of {@code bytes} to a global address of the machine (or a local alias). */
    void store(long address, int bytes);

    /**
     * Starts {@code transfer} on a DMA channel of the firing core when this firing ends, and signals
     * {@code done} once when the whole transfer (every descriptor of its chain) has landed. If both
     * channels are busy the transfer waits for one, in issue order. The firing pays the instructions
     * that describe and start it ({@link io.edarts.cam.Target#dmaSetup}); the transfer itself runs
     * while the core fires other codelets. Codelets that should not fire while the core's channels
     * are all taken declare {@link CodeletHandle#needsDmaChannel()}.
     *
     * @throws IllegalArgumentException for a null transfer, or a {@code done} slot that is null or not
     *                                  of this run, naming this codelet
     */
    void dma(io.edarts.cam.Dma transfer, SlotRef done);

    /**
     * Copies {@code count} elements of {@code src} from element {@code srcOffset} into {@code dst}
     * from element {@code dstOffset} by DMA: {@link #dma(io.edarts.cam.Dma, SlotRef)} of the buffers'
     * addresses as this core reaches them (a firing-core buffer is this core's copy), and the Java
     * data moves when this firing ends, as the transfer starts then. Readers of {@code dst} wait on
     * {@code done}, as on the chip; a program that reads it sooner reads a race.
     *
     * @throws IllegalArgumentException naming the buffers and this codelet, for buffers not of this
     *                                  instance's procedure, of different element types, or a range
     *                                  outside either buffer
     */
    <A> void dma(BufferHandle<A> src, int srcOffset, BufferHandle<A> dst, int dstOffset, int count, SlotRef done);

    /**
     * A strided (2D) copy by DMA, as the engine's descriptors allow: {@code rows} rows of
     * {@code rowLength} elements; row {@code i} is read from element {@code srcOffset + i * srcStride}
     * of {@code src} and written to element {@code dstOffset + i * dstStride} of {@code dst}. Otherwise
     * as {@link #dma(BufferHandle, int, BufferHandle, int, int, SlotRef)}; a block of a row-major
     * matrix is {@code rows} rows of the block's width with the matrix's width as stride.
     *
     * @throws IllegalArgumentException as the 1D form does, and for a destination stride smaller than
     *                                  the row length (overlapping rows)
     */
    <A> void dma2d(BufferHandle<A> src, int srcOffset, int srcStride, BufferHandle<A> dst, int dstOffset,
                   int dstStride, int rowLength, int rows, SlotRef done);

    /**
     * Reads {@code count} elements of {@code buffer} from element {@code offset}: charges one load of
     * an element's size per element at the buffer's address (relative to this core: its own memory,
     * another core's bank over the mesh, or external memory) and returns the buffer's array (this
     * instance's frame array, or this core's copy of a scratch buffer) to read them from.
     *
     * @throws IllegalArgumentException naming the buffer and this codelet, for a buffer not of this
     *                                  instance's procedure or a range outside the buffer
     */
    <A> A read(BufferHandle<A> buffer, int offset, int count);

    /**
     * Writes {@code count} elements of {@code buffer} from element {@code offset}: charges one store
     * per element at the buffer's address, as {@link #read} charges loads, and returns the array to
     * write them into.
     *
     * @throws IllegalArgumentException as {@link #read} does
     */
    <A> A write(BufferHandle<A> buffer, int offset, int count);

    /**
     * The machine address of element {@code offset} of {@code buffer} as this core reaches it (for
     * a firing-core buffer, this core's copy): what a load, a store or a DMA descriptor uses.
     *
     * @throws IllegalArgumentException as {@link #read} does, for an offset outside the buffer
     */
    long address(BufferHandle<?> buffer, int offset);

    /** A reference to a slot of this threaded-procedure instance, for a callee to signal later. */
    SlotRef slot(SlotHandle slot);

    /** A reference to the enabling slot of a codelet of this instance. */
    SlotRef slotOf(CodeletHandle codelet);

    /**
     * The slot that enabled this firing (this codelet's own, or the shared slot it waits on):
     * signalling it again continues a loop, {@code ctx.signal(ctx.selfSlot())}.
     */
    SlotRef selfSlot();

    /** Decrements a slot when this firing completes; at zero its codelets become enabled. */
    void signal(SlotRef slot);

    /**
     * Starts a new threaded procedure with the given frame when this firing completes.
     *
     * @throws IllegalArgumentException for a null procedure or frame, naming this codelet
     */
    <G> void invoke(TpDefinition<G> procedure, G frame);

    /**
     * Starts a new threaded procedure with the given frame when this firing completes, and signals
     * {@code onDone} (a continuation, usually a slot of this instance) once when it exits: by a
     * codelet's {@link #exit()}, or, for a procedure without reset slots, when each of its codelets
     * has fired (see {@link TpDefinition}).
     *
     * @throws IllegalArgumentException for a null procedure or an {@code onDone} not from this run
     */
    <G> void invoke(TpDefinition<G> procedure, G frame, SlotRef onDone);

    /** {@link #invoke(TpDefinition, Object)} of a definition named by its self reference. */
    default <G> void invoke(TpDefinition.Ref<G> procedure, G frame) {
        if (procedure == null) {
            throw new IllegalArgumentException(name() + ": invoke of a null procedure");
        }
        invoke(procedure.get(), frame);
    }

    /** {@link #invoke(TpDefinition, Object, SlotRef)} of a definition named by its self reference. */
    default <G> void invoke(TpDefinition.Ref<G> procedure, G frame, SlotRef onDone) {
        if (procedure == null) {
            throw new IllegalArgumentException(name() + ": invoke of a null procedure");
        }
        invoke(procedure.get(), frame, onDone);
    }

    /**
     * Host call {@code number} with {@code args} in registers: the core stores the call where its
     * host reads it, flags it, and waits until the host has carried it out, so this firing ends
     * only after the host answered (its signals go after). In Java the body goes on at once; the
     * host carries the call out in simulated-time order, on the runtime's thread, and hands its
     * result to {@code onResult} (when not null) before any codelet this firing signals can fire.
     * Numbers of {@link HostCalls#USER_BASE} and up run the function the program registered
     * ({@link Program#withHostFunction}); the system calls and utilities below have their own
     * methods here ({@link #printf}, {@link #open}, {@link #write}, {@link #close},
     * {@link #dmalloc}, {@link #dfree}).
     *
     * @throws IllegalArgumentException naming this codelet, for a number below
     *                                  {@link HostCalls#USER_BASE}, one the program registered no
     *                                  function for, or more than four arguments
     */
    void hostCall(int number, long[] args, java.util.function.LongConsumer onResult);

    /** {@link #hostCall(int, long[], java.util.function.LongConsumer)} without a use for the result. */
    default void hostCall(int number, long... args) {
        hostCall(number, args, null);
    }

    /**
     * {@code printf} through the host: the host prints the formatted text on its console and the
     * run keeps it (the run's {@code stdout.txt}), each line tagged with this core and the cycle
     * of the call. The text is formatted now, by {@link java.util.Formatter} in the root locale
     * (C's {@code %d %s %x %f} read alike); the host reads it from the core.
     *
     * @throws IllegalArgumentException naming this codelet, for a format the arguments do not fit
     */
    void printf(String format, Object... args);

    /**
     * Opens {@code path} for writing through the host (created or truncated), inside the run's
     * {@code files} folder: a relative path that stays inside it. Returns the descriptor the
     * program uses with {@link #write} and {@link #close} on any core, or {@code -EACCES} for a path
     * that would leave the folder, which fails the call and touches nothing outside. A failure only
     * the host can see (the disk) makes later writes to the descriptor fail with {@code -EBADF}.
     */
    int open(String path);

    /** Writes {@code data} to descriptor {@code fd} through the host; {@code onResult} (or null) gets the bytes written or {@code -errno}. */
    void write(int fd, byte[] data, java.util.function.LongConsumer onResult);

    /** {@link #write(int, byte[], java.util.function.LongConsumer)} of {@code text} in UTF-8, result unused. */
    default void write(int fd, String text) {
        write(fd, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    /** Closes descriptor {@code fd} through the host; a bad descriptor fails the call with {@code -EBADF}. */
    void close(int fd);

    /**
     * Allocates {@code bytes} of shared external memory through the host's allocator, bounded by the
     * machine's external memory; {@code onAddress} gets the address, or 0 when nothing that large is
     * free.
     *
     * @throws IllegalArgumentException naming this codelet, for a size below 1 or a null callback
     */
    void dmalloc(long bytes, java.util.function.LongConsumer onAddress);

    /** Frees what {@link #dmalloc} gave at {@code address}; another address fails the call with {@code -EINVAL}. */
    void dfree(long address);

    /**
     * Hands this firing's work to the machine's unit {@code unit} (an accelerator beside the host):
     * the core makes a host call ({@link HostCalls#OFFLOAD}), the host's driver calls the unit with
     * {@code inputBytes} in and {@code outputBytes} out, and this firing ends once the host has
     * answered, so what the call costs (the driver's phases and the unit's run, the target's
     * {@code offloadCost}) is the core's wait. The body computes the unit's answer itself, in Java.
     * Calls of several cores queue at the host.
     *
     * @throws IllegalArgumentException naming this codelet, for a unit the machine does not have or
     *                                  a negative size
     */
    void offload(String unit, long inputBytes, long outputBytes);

    /**
     * Ends this threaded-procedure instance when this firing completes: its codelets that never fired
     * are not waited for, and this firing's signals into the instance itself (a loop's back edge, a
     * slot of its own) are dropped, so a loop ends with the iteration that exits. Signals to other
     * instances, and the instance's continuation, still go.
     */
    void exit();
}
