package io.edarts.api;

import io.edarts.cam.BufferPlace;
import java.util.function.Function;

/**
 * A buffer a threaded procedure declares: a Java array of primitives (so answers can be checked)
 * placed in one of the machine's memories ({@link BufferPlace}), which bodies read and write through
 * {@link CodeletContext#read} and {@link CodeletContext#write}, each access charged by where the
 * buffer is relative to the firing core. Two kinds:
 * <ul>
 *   <li>a <b>frame buffer</b> ({@link TpDefinition.Builder#buffer}): the frame owns the array, the
 *       program fills it and its check reads it; its size is the array's length times the element
 *       size. The root procedure's frame buffers are allocated before the run; those of procedures
 *       invoked during the run when the instance starts, freed when it ends.</li>
 *   <li>a <b>scratch</b> buffer ({@link TpDefinition.Builder#scratch}): the run owns a zero-filled
 *       array of a declared length, allocated before the run; placed at
 *       {@link BufferPlace#firingCore()} every CU has its own copy, at the same local offset, and
 *       bodies on different cores never share it.</li>
 * </ul>
 * Element types: {@code byte[]}, {@code short[]}, {@code char[]}, {@code int[]}, {@code float[]},
 * {@code long[]} and {@code double[]}. Handles are made only by a builder.
 *
 * @param <A> the array type, e.g. {@code float[]}
 */
public final class BufferHandle<A> {
    final Object owner;
    private final String procedure;
    private final int index;
    private final String name;
    private final BufferPlace place;
    private final Function<Object, A> frameArray;
    private final Class<A> arrayType;
    private final int length;

    BufferHandle(Object owner, String procedure, int index, String name, BufferPlace place,
                 Function<Object, A> frameArray, Class<A> arrayType, int length) {
        this.owner = owner;
        this.procedure = procedure;
        this.index = index;
        this.name = name;
        this.place = place;
        this.frameArray = frameArray;
        this.arrayType = arrayType;
        this.length = length;
    }

    /** Position among its procedure's buffers. */
    public int index() { return index; }

    public String name() { return name; }

    /** The procedure that declares it. */
    public String procedure() { return procedure; }

    public BufferPlace place() { return place; }

    /** Whether the run owns its array (a scratch buffer) rather than the frame. */
    public boolean isScratch() { return frameArray == null; }

    /** Elements of a scratch buffer ({@code -1} for a frame buffer, whose length is its array's). */
    public int scratchLength() { return length; }

    /** Bytes of one element of a scratch buffer ({@code -1} for a frame buffer). */
    public int scratchElementBytes() { return arrayType == null ? -1 : elementBytes(arrayType); }

    /** The array type of a scratch buffer, or null for a frame buffer. */
    public Class<A> scratchType() { return arrayType; }

    /**
     * The frame's array, as its accessor gives it (for the runtime).
     *
     * @throws IllegalStateException for a scratch buffer
     * @throws IllegalArgumentException if the accessor throws or gives null or no primitive array,
     *                                  naming the buffer and procedure
     */
    public A frameArray(Object frame) {
        if (frameArray == null) {
            throw new IllegalStateException(this + " is a scratch buffer: the run owns its array");
        }
        A a;
        try {
            a = frameArray.apply(frame);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(this + ": its array accessor threw " + e, e);
        }
        if (a == null) {
            throw new IllegalArgumentException(this + ": its array accessor gave null (fill the frame's array before"
                    + " the instance starts)");
        }
        if (elementBytes(a.getClass()) <= 0) {
            throw new IllegalArgumentException(this + ": its accessor gave a " + a.getClass().getSimpleName()
                    + ", not an array of byte, short, char, int, float, long or double");
        }
        return a;
    }

    /**
     * Bytes of one element of an array of {@code arrayType}, or 0 if it is not an array of a primitive
     * type this API supports.
     */
    public static int elementBytes(Class<?> arrayType) {
        if (arrayType == byte[].class) {
            return 1;
        }
        if (arrayType == short[].class || arrayType == char[].class) {
            return 2;
        }
        if (arrayType == int[].class || arrayType == float[].class) {
            return 4;
        }
        if (arrayType == long[].class || arrayType == double[].class) {
            return 8;
        }
        return 0;
    }

    @Override
    public String toString() {
        return (isScratch() ? "scratch buffer '" : "buffer '") + name + "' of " + procedure;
    }
}
