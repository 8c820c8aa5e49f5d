# One iaf_psc_alpha driven by a poisson_generator at 68 000 Hz (left) and 88 000 Hz (right):
# V_m with the spikes as red dots at threshold (top), the synaptic currents (bottom).
# gnuplot -e "dir='out/poisson_input'" examples/plot/poisson_input.gp
set terminal pngcairo size 1500,800 font ",11" noenhanced
set output dir.'/poisson_input.png'
set datafile separator ','
set multiplot layout 2,2 columnsfirst \
    title 'iaf_psc_alpha (tau_m = 11 ms, I_e = 0) driven by a poisson_generator, weight 1 pA, delay 1 ms (rng_seed 1)'
set grid
set xrange [0:1000]
set key outside right top
set lmargin 9
set rmargin 16
do for [rate in '68000 88000'] {
    stem = dir.'/rate_'.rate.'Hz'
    n = system("tail -n +2 '".stem."_spikes.csv' | wc -l") + 0
    unset label 1
    set title rate.' Hz input: '.n.' spikes in 1000 ms'
    unset xlabel
    set ylabel 'V_m (mV)'
    set yrange [-71:-53]
    plot stem.'.csv' using 2:3 skip 1 with lines lw 1 lc rgb '#1f77b4' title 'V_m', \
         stem.'_spikes.csv' using 2:(-55) skip 1 with points pt 7 ps 0.6 lc rgb 'red' title 'spikes'
    set title 'synaptic currents'
    set xlabel 'time (ms)'
    set ylabel 'current (pA)'
    set yrange [-50:650]
    set label 1 'no inhibitory input: I_syn_in = 0' at graph 0.03, graph 0.16
    plot stem.'.csv' using 2:4 skip 1 with lines lw 1 lc rgb '#2ca02c' title 'I_syn_ex', \
         stem.'.csv' using 2:5 skip 1 with lines lw 1.5 lc rgb '#d62728' title 'I_syn_in'
}
unset multiplot
