package io.edarts.api;

/** A program's own check of its answer against a reference. */
public record CheckResult(Status status, String message) {
    public enum Status { PASSED, FAILED, NONE }

    public static CheckResult passed(String message) {
        return new CheckResult(Status.PASSED, message);
    }

    public static CheckResult failed(String message) {
        return new CheckResult(Status.FAILED, message);
    }

    public static CheckResult none() {
        return new CheckResult(Status.NONE, "no reference check");
    }
}
