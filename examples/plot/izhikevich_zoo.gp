# Seven panels, one per Izhikevich variant: V_m over the first 300 ms, spikes as red dots.
# gnuplot -e "dir='out/izhikevich_zoo'" examples/plot/izhikevich_zoo.gp
set terminal pngcairo size 1000,1400 font ",10" noenhanced
set output dir.'/izhikevich_zoo.png'
set datafile separator ','
set multiplot layout 7,1 title 'Izhikevich (2003) firing patterns, I_e = 10 pA (first 300 ms)'
set xrange [0:300]
set yrange [-90:40]
set ylabel 'V_m (mV)'
set grid
unset key
do for [v in 'RS IB CH FS TC LTS RZ'] {
    set title 'izhikevich_'.v
    if (v eq 'RZ') { set xlabel 'time (ms)' } else { unset xlabel }
    plot dir.'/izhikevich_'.v.'.csv' using 2:3 skip 1 with lines lw 1 lc rgb '#1f77b4', \
         dir.'/izhikevich_'.v.'_spikes.csv' using 2:(30) skip 1 with points pt 7 ps 0.5 lc rgb 'red'
}
unset multiplot
