package io.edarts.cam;

/**
 * A machine description that cannot be used: an unknown name, a file that does not parse, or a key
 * with a bad value. The message names the file, key and value.
 */
public final class MachineConfigException extends IllegalArgumentException {
    public MachineConfigException(String message) {
        super(message);
    }

    public MachineConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
