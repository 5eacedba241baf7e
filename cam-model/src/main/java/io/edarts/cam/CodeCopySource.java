package io.edarts.cam;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Key {@code code-copy-source}: where a code-cache miss copies code from. */
public enum CodeCopySource {
    /** The code object's image in external memory, as a software cache manager does. */
    @JsonProperty("home") HOME,
    /** The nearest CU of the cluster that the SU knows holds a copy, when nearer than the home. */
    @JsonProperty("nearest-holder") NEAREST_HOLDER
}
