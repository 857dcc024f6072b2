// ChopMPFR
