package org.trdoutcomes;
public class TrdOutcomesApplication { public static void main(String[] a) {} }
