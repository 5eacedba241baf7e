/**
 * Units in the Parallella's FPGA fabric as the eCores reach them through the eLink: the direct
 * call's traffic on the contended mesh ({@link io.edarts.epiphany.fabric.ElinkCalls}) and the
 * run's interconnect that queues those calls at each unit
 * ({@link io.edarts.epiphany.fabric.FabricInterconnect}).
 */
package io.edarts.epiphany.fabric;
