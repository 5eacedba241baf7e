package io.edarts.api;

/** The Java code a codelet runs when it fires. It runs to completion; a throw fails the run. */
@FunctionalInterface
public interface CodeletBody<F> {
    void fire(CodeletContext<F> ctx) throws Exception;
}
