# Two connected neurons on one multimeter: neuron1 (I_e = 376 pA) fires regularly (top) and each
# of its spikes reaches neuron2 1 ms later as a small postsynaptic potential (bottom).
# gnuplot -e "dir='out/two_neurons'" examples/plot/two_neurons.gp
set terminal pngcairo size 1000,650 font ",11" noenhanced
set output dir.'/two_neurons.png'
set datafile separator ','
set multiplot layout 2,1 title 'neuron1 (I_e = 376 pA) -> neuron2, weight 20 pA, delay 1 ms: V_m of both from one multimeter'
set grid
set xrange [0:1000]
set key outside right top
set lmargin 11
set rmargin 15
set ylabel 'V_m (mV)'
set format x ''
n = system("grep -c '^1,' '".dir."/spikes.csv'") + 0
set title sprintf('neuron1 (sender 1): %d spikes', n)
set yrange [-71:-53]
plot dir.'/V_m_1.csv' using 1:2 skip 1 with lines lw 1.2 lc rgb '#1f77b4' title 'V_m', \
     dir.'/spikes.csv' using 2:(-55) skip 1 with points pt 7 ps 0.7 lc rgb 'red' title 'spikes'
stats dir.'/V_m_2.csv' using 2 skip 1 nooutput
set title sprintf('neuron2 (sender 2): a PSP of %.2f mV 1 ms after each spike of neuron1', STATS_max - STATS_min)
set format x '%g'
set xlabel 'time (ms)'
set yrange [STATS_min - 0.05:STATS_max + 0.05]
plot dir.'/V_m_2.csv' using 1:2 skip 1 with lines lw 1.2 lc rgb '#ff7f0e' title 'V_m'
unset multiplot
