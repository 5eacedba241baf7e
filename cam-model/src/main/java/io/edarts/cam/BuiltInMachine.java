package io.edarts.cam;

/**
 * A machine description shipped as a class-path resource.
 *
 * @param name     what {@code --machine} takes
 * @param summary  one line for {@code edarts list} and help texts
 * @param owner    a class whose class loader holds the resource
 * @param resource the resource path of its HOCON file
 */
public record BuiltInMachine(String name, String summary, Class<?> owner, String resource) {
    /** @throws IllegalArgumentException if a component is null or blank */
    public BuiltInMachine {
        if (name == null || name.isBlank() || summary == null || owner == null || resource == null) {
            throw new IllegalArgumentException("a built-in machine needs a name, a summary, an owner and a resource");
        }
    }
}
