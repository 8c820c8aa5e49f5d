# The tutorial's figure: membrane potential over time, spikes as red dots at threshold.
# gnuplot -e "dir='out/seed_tutorial'" examples/plot/seed_tutorial.gp
set terminal pngcairo size 1000,450 font ",11" noenhanced
set output dir.'/seed_tutorial.png'
set datafile separator ','
set key outside right top
set xlabel 'time (ms)'
set ylabel 'membrane potential (mV)'
set title 'iaf_psc_alpha, I_e = 376 pA, V_reset = -70 mV'
set yrange [-71:-53]
set grid
plot dir.'/V_m.csv' using 2:3 skip 1 with lines lw 1.2 lc rgb '#1f77b4' title 'V_m', \
     dir.'/spikes.csv' using 2:(-55) skip 1 with points pt 7 ps 0.8 lc rgb 'red' title 'spikes'
