/* The publisher's own script: allowed. */
